using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace EdgeTwin.Mqtt.Adapter;

/// <summary>Encodes one packet into the output; the codecs' Encode methods fit it as cached static lambdas.</summary>
internal delegate int PacketEncoder<TPacket>(IBufferWriter<byte> output, in TPacket packet, MqttProtocolVersion version);

/// <summary>
/// One network connection to the broker: TCP, optionally TLS (SslStream), exposed as a pipe pair, with a write
/// lock so packets from the publish path, the receive loop and the keep-alive never interleave. Knows bytes and
/// packets, nothing of sessions.
/// </summary>
internal sealed class MqttChannel : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _lastSendTicks = Environment.TickCount64;
    private int _closed;
    private bool _outputCompleted;

    private MqttChannel(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 4 * 1024, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public MqttProtocolVersion Version { get; set; } = MqttProtocolVersion.V500;

    /// <summary>The server's Maximum Packet Size (MQTT 5.0 §3.2.2.3.6); larger packets must not be sent.</summary>
    public uint MaximumOutboundPacketSize { get; set; } = uint.MaxValue;

    public long LastSendTicks => Volatile.Read(ref _lastSendTicks);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync<TPacket>(TPacket packet, PacketEncoder<TPacket> encode, CancellationToken cancellationToken = default)
    {
        await AcquireWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            encode(Output, packet, Version);
            await FlushLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReleaseWriter();
        }
    }

    /// <summary>Takes the write lock so a caller can write several packets and flush once.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask AcquireWriterAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_outputCompleted)
        {
            _writeLock.Release();
            throw new MqttConnectionException("The MQTT connection is closed.");
        }
    }

    public void ReleaseWriter() => _writeLock.Release();

    /// <summary>Flushes what the lock holder wrote; transport failures become <see cref="MqttConnectionException"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushLockedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastSendTicks, Environment.TickCount64);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Abort();
            throw new MqttConnectionException("Writing to the MQTT connection failed.", ex);
        }
    }

    public static async Task<MqttChannel> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (tls is not null)
            {
                stream = await AuthenticateAsync(stream, host, tls, cancellationToken).ConfigureAwait(false);
            }

            return new MqttChannel(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<SslStream> AuthenticateAsync(Stream inner, string host, MqttTlsOptions tls, CancellationToken cancellationToken)
    {
        RemoteCertificateValidationCallback? validation = null;
        if (tls.CaFile is not null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(tls.CaFile);
            validation = new ServerCertificateValidation(authorities).Validate;
        }

        X509Certificate2Collection? clientCertificates = null;
        if (tls.ClientCertificateFile is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile);
            // SslStream needs a key it can hand to the platform TLS stack; PKCS#12 round trip gives a persisted one.
            var exported = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
            clientCertificates = [exported];
        }

        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? host,
                    RemoteCertificateValidationCallback = validation,
                    ClientCertificates = clientCertificates,
                    EnabledSslProtocols = tls.Protocols,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Ends the connection at once; pending reads and writes fail. Safe to call repeatedly and concurrently.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Already reset by the peer: nothing left to shut down.
            }

            _socket.Dispose();
        }
    }

    /// <summary>Call once the receive loop has stopped reading; waits for a writer still holding the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        Abort();
        await Input.CompleteAsync().ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_outputCompleted)
            {
                _outputCompleted = true;
                await Output.CompleteAsync().ConfigureAwait(false);
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The socket is already gone; there is nothing left to flush.
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
