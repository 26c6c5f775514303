using System.Buffers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading.Channels;
using EdgeTwin.Mqtt.Adapter;
using EdgeTwin.Mqtt.Formatter;
using EdgeTwin.Mqtt.Packets;
using EdgeTwin.Mqtt.Session;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeTwin.Mqtt;

/// <summary>
/// An MQTT 3.1.1/5.0 client. After <see cref="ConnectAsync"/> succeeds it keeps the connection alive (PINGREQ),
/// reconnects with <see cref="MqttClientOptions.Reconnect"/> when it is lost and resends unacknowledged
/// publishes, so a QoS 1/2 <see cref="PublishAsync"/> completes once the server acknowledged it — possibly on a
/// later connection. Thread-safe.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _sync = new();
    private readonly PacketIdentifierPool _packetIds = new();
    private const int InitialInFlightCapacity = 64;

    private readonly Dictionary<ushort, OutboundPublish> _inFlight;
    private readonly Queue<OutboundPublish> _unsent;
    private readonly Stack<OutboundPublish> _entryPool = new();
    private readonly Action<OutboundPublish> _returnEntry;
    private readonly Dictionary<ushort, TaskCompletionSource<IReadOnlyList<MqttReasonCode>>> _pendingAcks = [];
    private readonly HashSet<ushort> _inboundQoS2 = [];
    private readonly List<MqttSubscription> _subscriptions = [];
    private readonly SemaphoreSlim _window;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly Channel<MqttApplicationMessage> _messages;
    private readonly CancellationTokenSource _lifetime = new();
    private CancellationTokenSource _run = new();
    private ClientConnection? _connection;
    private Task _reconnectLoop = Task.CompletedTask;
    private string _clientId;
    private int _sentCount;
    private long _sequence;
    private bool _stopped = true;
    private bool _disposed;

    public MqttClient(MqttClientOptions options, ILogger<MqttClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaximumInFlight, ushort.MaxValue - 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReceiveMaximum, (ushort)1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaximumPacketSize, 16u);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InboundQueueCapacity, 1);
        if (options.ProtocolVersion == MqttProtocolVersion.V311 && options.ClientId.Length == 0 && !options.CleanStart)
        {
            throw new ArgumentException("MQTT 3.1.1 §3.1.3.1 requires a client identifier when Clean Session is 0.", nameof(options));
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clientId = options.ClientId;
        // Grown on demand, not sized to the window: a client is built per connection attempt, and an uplink's window
        // (thousands of messages) made every retry during an outage allocate large-object arrays it never filled.
        var initialCapacity = Math.Min(options.MaximumInFlight, InitialInFlightCapacity);
        _inFlight = new Dictionary<ushort, OutboundPublish>(initialCapacity);
        _unsent = new Queue<OutboundPublish>(initialCapacity);
        _window = new SemaphoreSlim(options.MaximumInFlight, options.MaximumInFlight);
        _returnEntry = entry =>
        {
            lock (_sync)
            {
                _entryPool.Push(entry);
            }
        };
        _messages = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(options.InboundQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
        });
    }

    public event EventHandler<MqttConnectedEventArgs>? Connected;

    public event EventHandler<MqttDisconnectedEventArgs>? Disconnected;

    /// <summary>
    /// Messages delivered by the server, in order. When the queue is full the receive loop waits, which also holds
    /// back acknowledgements — so do not await a QoS 1/2 publish from the same loop that drains this reader.
    /// </summary>
    public ChannelReader<MqttApplicationMessage> Messages => _messages.Reader;

    public bool IsConnected
    {
        get
        {
            lock (_sync)
            {
                return _connection is not null;
            }
        }
    }

    /// <summary>QoS 1/2 publishes not yet acknowledged.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_sync)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>
    /// Connects once; a refusal throws <see cref="MqttConnectionRefusedException"/> and a transport failure
    /// <see cref="MqttConnectionException"/>. From then on the client reconnects by itself until
    /// <see cref="DisconnectAsync"/>.
    /// </summary>
    public async Task<MqttConnectResult> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_sync)
            {
                if (_connection is not null)
                {
                    throw new InvalidOperationException("The client is already connected.");
                }

                _stopped = false;
                if (_run.IsCancellationRequested)
                {
                    _run.Dispose();
                    _run = new CancellationTokenSource();
                }
            }

            return await ConnectOnceAsync(isReconnect: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Sends DISCONNECT (with <paramref name="reason"/> in 5.0, §3.14.2.1) and stops reconnecting. Unacknowledged
    /// publishes fail with <see cref="MqttConnectionException"/>; an outbox replays them on the next run.
    /// </summary>
    public async Task DisconnectAsync(MqttReasonCode reason = MqttReasonCode.Success, CancellationToken cancellationToken = default)
    {
        ClientConnection? connection;
        lock (_sync)
        {
            _stopped = true;
            connection = _connection;
        }

        await _run.CancelAsync().ConfigureAwait(false);
        if (connection is not null)
        {
            connection.CloseReason = reason;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await connection.Channel.SendAsync(new DisconnectPacket { ReasonCode = reason }, static (IBufferWriter<byte> o, in DisconnectPacket p, MqttProtocolVersion v) => DisconnectCodec.Encode(o, p, v), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttConnectionException or OperationCanceledException)
            {
                // The connection is already gone: closing it is all that is left to do.
            }

            connection.Close();
            await connection.ReceiveLoop.ConfigureAwait(false);
        }

        await _reconnectLoop.ConfigureAwait(false);
        FailAllInFlight(new MqttConnectionException("The client disconnected before the server acknowledged the publish."));
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await DisconnectAsync().ConfigureAwait(false);
        lock (_sync)
        {
            _disposed = true;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        _messages.Writer.TryComplete();
        FailAllInFlight(new ObjectDisposedException(nameof(MqttClient)));
        _run.Dispose();
    }

    /// <summary>Drops the network connection without DISCONNECT, as a crash or cable pull would (tests use it for the will).</summary>
    internal void AbortConnection()
    {
        ClientConnection? connection;
        lock (_sync)
        {
            connection = _connection;
        }

        connection?.Close();
    }

    private async Task<MqttConnectResult> ConnectOnceAsync(bool isReconnect, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _run.Token, _lifetime.Token);
        timeout.CancelAfter(_options.ConnectTimeout);
        var endpoint = $"{_options.Host}:{_options.Port}";
        MqttChannel channel;
        try
        {
            channel = await MqttChannel.ConnectAsync(_options.Host, _options.Port, _options.Tls, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && !_run.IsCancellationRequested)
        {
            throw new MqttConnectionException($"Connecting to {endpoint} timed out after {_options.ConnectTimeout}.", ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException)
        {
            throw new MqttConnectionException($"Connecting to {endpoint} failed: {ex.Message}", ex);
        }

        ConnAckPacket connAck;
        try
        {
            channel.Version = _options.ProtocolVersion;
            await channel.SendAsync(BuildConnect(), static (IBufferWriter<byte> o, in ConnectPacket p, MqttProtocolVersion _) => ConnectCodec.Encode(o, p), timeout.Token).ConfigureAwait(false);
            connAck = await ReadConnAckAsync(channel, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && !_run.IsCancellationRequested)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new MqttConnectionException($"{endpoint} sent no CONNACK within {_options.ConnectTimeout}.", ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new MqttConnectionException($"The connection to {endpoint} failed before CONNACK: {ex.Message}", ex);
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (connAck.ReasonCode != MqttReasonCode.Success)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new MqttConnectionRefusedException(connAck.ReasonCode, connAck.ReasonString);
        }

        var result = new MqttConnectResult
        {
            SessionPresent = connAck.SessionPresent,
            AssignedClientIdentifier = connAck.AssignedClientIdentifier,
            ReceiveMaximum = connAck.ReceiveMaximum ?? ushort.MaxValue,
            MaximumPacketSize = connAck.MaximumPacketSize ?? uint.MaxValue,
            MaximumQoS = (MqttQualityOfService)(connAck.MaximumQoS ?? 2),
            RetainAvailable = connAck.RetainAvailable ?? true,
            ServerKeepAlive = connAck.ServerKeepAlive is { } ska ? TimeSpan.FromSeconds(ska) : null,
            SessionExpiryInterval = connAck.SessionExpiryInterval,
        };
        channel.MaximumOutboundPacketSize = result.MaximumPacketSize;
        var keepAlive = result.ServerKeepAlive ?? _options.KeepAlive;
        var pingTimeout = _options.PingTimeout ?? TimeSpan.FromTicks(Math.Max(keepAlive.Ticks / 2, TimeSpan.TicksPerSecond));
        var connection = new ClientConnection(channel, result, _options.TopicAliasMaximum, keepAlive, pingTimeout)
        {
            LastReceiveTicks = Environment.TickCount64,
        };
        List<MqttSubscription>? resubscribe = null;
        lock (_sync)
        {
            if (_stopped || _disposed)
            {
                connection.CloseReason = MqttReasonCode.Success;
            }
            else
            {
                if (result.AssignedClientIdentifier is not null)
                {
                    // §3.2.2.3.7: reuse the assigned identifier so a reconnect can resume the session.
                    _clientId = result.AssignedClientIdentifier;
                }

                PrepareSessionLocked(result.SessionPresent);
                if (!result.SessionPresent && isReconnect && _subscriptions.Count > 0)
                {
                    resubscribe = [.. _subscriptions];
                }

                _connection = connection;
            }
        }

        if (connection.CloseReason is not null)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new MqttConnectionException("The client was stopped while connecting.");
        }

        if (keepAlive > TimeSpan.Zero)
        {
            connection.KeepAliveLoop = Task.Run(() => KeepAliveLoopAsync(connection), CancellationToken.None);
        }

        connection.ReceiveLoop = Task.Run(() => ReceiveLoopAsync(connection), CancellationToken.None);
        _logger.LogInformation("MQTT connected to {Endpoint} (v{Version}, session present {SessionPresent}, reconnect {Reconnect}).", endpoint, (int)_options.ProtocolVersion, result.SessionPresent, isReconnect);
        Raise(Connected, new MqttConnectedEventArgs(result.SessionPresent, isReconnect));
        if (resubscribe is not null)
        {
            _ = ResubscribeAsync(connection, resubscribe);
        }

        await TryPumpAsync(connection).ConfigureAwait(false);
        return result;
    }

    private ConnectPacket BuildConnect() => new()
    {
        Version = _options.ProtocolVersion,
        ClientId = _clientId,
        CleanStart = _options.CleanStart,
        KeepAliveSeconds = (ushort)Math.Clamp(_options.KeepAlive.TotalSeconds, 0, ushort.MaxValue),
        UserName = _options.UserName,
        Password = _options.Password is null ? null : (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(_options.Password),
        Will = _options.Will,
        SessionExpiryInterval = _options.SessionExpiryInterval,
        ReceiveMaximum = _options.ReceiveMaximum == ushort.MaxValue ? null : _options.ReceiveMaximum,
        MaximumPacketSize = _options.MaximumPacketSize,
        TopicAliasMaximum = _options.TopicAliasMaximum,
        UserProperties = _options.UserProperties,
    };

    private async Task<ConnAckPacket> ReadConnAckAsync(MqttChannel channel, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await channel.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (MqttFrameReader.TryRead(ref buffer, _options.MaximumPacketSize, out var frame))
            {
                var body = frame.Body.ToArray();
                channel.Input.AdvanceTo(buffer.Start);
                if (frame.Type != PacketType.ConnAck)
                {
                    throw MqttProtocolException.ProtocolError($"The server sent {PacketNames.Of(frame.Type)} before CONNACK (MQTT 5.0 §3.2).");
                }

                return ConnAckCodec.Decode(frame.Header, body, channel.Version);
            }

            channel.Input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                throw new MqttConnectionException("The server closed the connection before sending CONNACK.");
            }
        }
    }

    /// <summary>MQTT 5.0 §4.4: resume or restart the session state that survives a network connection.</summary>
    private void PrepareSessionLocked(bool sessionPresent)
    {
        if (!sessionPresent)
        {
            _inboundQoS2.Clear();
        }

        var entries = new List<OutboundPublish>(_inFlight.Values);
        entries.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        _unsent.Clear();
        foreach (var entry in entries)
        {
            if (!sessionPresent)
            {
                // The server forgot the flow: start it again; a PUBREC it gave before is void (at-least-once).
                entry.Sent = false;
                if (entry.State == OutboundState.AwaitingPubComp)
                {
                    entry.State = OutboundState.AwaitingPubRec;
                }
            }

            _unsent.Enqueue(entry);
        }

        _sentCount = 0;
    }

    private async Task ReconnectLoopAsync()
    {
        var token = _run.Token;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _options.Reconnect.DelayAsync(attempt, token).ConfigureAwait(false);
                await _connectGate.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                lock (_sync)
                {
                    if (_stopped || _disposed || _connection is not null)
                    {
                        return;
                    }
                }

                await ConnectOnceAsync(isReconnect: true, token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "MQTT reconnect attempt {Attempt} to {Host}:{Port} failed.", attempt + 1, _options.Host, _options.Port);
            }
            finally
            {
                _connectGate.Release();
            }
        }
    }

    private void OnConnectionLost(ClientConnection connection, MqttReasonCode reason, bool byServer, Exception? error)
    {
        List<TaskCompletionSource<IReadOnlyList<MqttReasonCode>>> pending;
        bool reconnect;
        lock (_sync)
        {
            if (_connection != connection)
            {
                return;
            }

            _connection = null;
            _sentCount = 0;
            pending = [.. _pendingAcks.Values];
            foreach (var id in _pendingAcks.Keys)
            {
                _packetIds.Return(id);
            }

            _pendingAcks.Clear();
            reconnect = _options.AutoReconnect && !_stopped && !_disposed;
            if (reconnect)
            {
                _reconnectLoop = Task.Run(ReconnectLoopAsync);
            }
        }

        foreach (var tcs in pending)
        {
            tcs.TrySetException(error is null ? new MqttConnectionException("The connection was closed before the server answered.") : new MqttConnectionException("The connection was lost before the server answered.", error));
        }

        if (error is not null)
        {
            _logger.LogWarning(error, "MQTT connection to {Host}:{Port} lost ({Reason}, by server {ByServer}).", _options.Host, _options.Port, reason, byServer);
        }

        Raise(Disconnected, new MqttDisconnectedEventArgs(reason, byServer, error));
    }

    private void FailAllInFlight(Exception error)
    {
        List<OutboundPublish> failed;
        lock (_sync)
        {
            failed = [.. _inFlight.Values];
            foreach (var entry in failed)
            {
                _packetIds.Return(entry.PacketId);
            }

            _inFlight.Clear();
            _unsent.Clear();
            _sentCount = 0;
        }

        foreach (var entry in failed)
        {
            entry.Fail(error);
            _window.Release();
        }
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handler, TArgs args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "An MQTT event handler threw.");
        }
    }
}
