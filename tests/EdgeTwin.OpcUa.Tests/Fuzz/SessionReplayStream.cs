namespace EdgeTwin.OpcUa.Tests.Fuzz;

/// <summary>
/// Replays a captured session chunk by chunk, as a client would: each read returns at most up to the end of
/// the current chunk, so the server answers one message before it sees the next. Once the server has answered
/// CreateSession, the captured AuthenticationToken in every later request is replaced by the one this server
/// issued (OPC 10000-4 §7.33), so the replayed session is really activated and its requests reach the services.
/// Likewise the captured subscription id in later requests becomes the one this server assigned.
/// Values a mutation changed are left alone (they test the invalid-session and invalid-subscription paths).
/// A replay is much faster than the captured client; with <c>waitForPublish</c> it holds back a Republish until
/// the server has sent a PublishResponse, as the real client had waited for one.
/// </summary>
internal sealed class SessionReplayStream(List<byte[]> chunks, bool waitForPublish = false) : RecordingStream
{
    private const int TokenOffset = 28; // UA-TCP + symmetric + sequence headers (24), then the 4-byte request type id

    private int _chunk;
    private int _offset;
    private bool _patched;
    private bool _subscriptionPatched;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_chunk >= chunks.Count)
        {
            return 0;
        }

        if (waitForPublish && _offset == 0 && Traffic.BodyType(chunks[_chunk]) == RepublishRequest.TypeBinaryEncodingId)
        {
            for (var waited = 0; waited < 100 && !SentChunks().Any(c => Traffic.BodyType(c) == PublishResponse.TypeBinaryEncodingId); waited++)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        // The server answers a request before it reads the next one, so the answer is there to look at.
        if (_offset == 0 && _chunk > 0)
        {
            var previous = Traffic.BodyType(chunks[_chunk - 1]);
            if (!_patched && previous == CreateSessionRequest.TypeBinaryEncodingId && IssuedToken() is { } issued)
            {
                PatchTokens(issued);
            }

            if (!_subscriptionPatched && previous == CreateSubscriptionRequest.TypeBinaryEncodingId && IssuedSubscription() is { } subscription)
            {
                PatchSubscriptionIds(subscription);
            }
        }

        var current = chunks[_chunk];
        var n = Math.Min(buffer.Length, current.Length - _offset);
        current.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        if (_offset == current.Length)
        {
            _chunk++;
            _offset = 0;
        }

        return n;
    }

    /// <summary>The authentication token of the server's CreateSessionResponse, encoded, once it was sent.</summary>
    private byte[]? IssuedToken() =>
        FirstResponse<CreateSessionResponse>(CreateSessionResponse.TypeBinaryEncodingId) is { } response ? Traffic.Encode(response.AuthenticationToken) : null;

    private uint? IssuedSubscription() => FirstResponse<CreateSubscriptionResponse>(CreateSubscriptionResponse.TypeBinaryEncodingId)?.SubscriptionId;

    /// <summary>The server's first response of this type, decoded, or null if none was sent or it does not decode.</summary>
    private T? FirstResponse<T>(uint typeId)
        where T : class, IEncodeable, new()
    {
        var chunk = SentChunks().Find(c => Traffic.BodyType(c) == typeId);
        if (chunk is null)
        {
            return null;
        }

        try
        {
            var d = new BinaryDecoder(chunk.AsSpan(24), EncodingLimits.Default);
            d.ReadNodeId();
            return d.ReadEncodeable<T>();
        }
        catch (StatusException)
        {
            return null;
        }
    }

    /// <summary>
    /// Rewrites, in place, the SubscriptionId fields that follow the RequestHeader of the subscription services
    /// (OPC 10000-4 §5.13, §5.12): a single id, or the ids of an array (Publish's acknowledgements, DeleteSubscriptions).
    /// </summary>
    private void PatchSubscriptionIds(uint issued)
    {
        _subscriptionPatched = true;
        uint? captured = null;
        for (var i = _chunk; i < chunks.Count; i++)
        {
            var c = chunks[i];
            if (c.Length < 28)
            {
                continue;
            }

            int headerEnd;
            uint type;
            try
            {
                var d = new BinaryDecoder(c.AsSpan(24), EncodingLimits.Default);
                var typeId = d.ReadNodeId();
                type = typeId.NumericId;
                d.ReadEncodeable<RequestHeader>();
                headerEnd = 24 + d.Position;
            }
            catch (StatusException)
            {
                continue;
            }

            if (Traffic.TypeOf(c) != "MSG")
            {
                continue;
            }

            var copy = (byte[])c.Clone();
            var span = copy.AsSpan();
            switch (type)
            {
                case CreateMonitoredItemsRequest.TypeBinaryEncodingId or RepublishRequest.TypeBinaryEncodingId
                    or ModifySubscriptionRequest.TypeBinaryEncodingId or ModifyMonitoredItemsRequest.TypeBinaryEncodingId
                    or DeleteMonitoredItemsRequest.TypeBinaryEncodingId or SetMonitoringModeRequest.TypeBinaryEncodingId:
                    captured ??= ReadId(span, headerEnd);
                    Replace(span, headerEnd, captured, issued);
                    break;
                case PublishRequest.TypeBinaryEncodingId:
                    for (var k = 0; k < ReadCount(span, headerEnd); k++)
                    {
                        Replace(span, headerEnd + 4 + (8 * k), captured, issued);
                    }

                    break;
                case DeleteSubscriptionsRequest.TypeBinaryEncodingId:
                    for (var k = 0; k < ReadCount(span, headerEnd); k++)
                    {
                        Replace(span, headerEnd + 4 + (4 * k), captured, issued);
                    }

                    break;
                default:
                    continue;
            }

            chunks[i] = copy;
        }

        static uint? ReadId(Span<byte> span, int at) => at + 4 <= span.Length ? BitConverter.ToUInt32(span[at..]) : null;

        static int ReadCount(Span<byte> span, int at) => at + 4 <= span.Length ? Math.Clamp(BitConverter.ToInt32(span[at..]), 0, 1000) : 0;

        static void Replace(Span<byte> span, int at, uint? captured, uint issued)
        {
            if (captured is { } old && at + 4 <= span.Length && BitConverter.ToUInt32(span[at..]) == old)
            {
                BitConverter.TryWriteBytes(span[at..], issued);
            }
        }
    }

    private void PatchTokens(byte[] issued)
    {
        _patched = true;
        byte[]? captured = null;
        for (var i = _chunk; i < chunks.Count; i++)
        {
            var c = chunks[i];
            if (Traffic.TypeOf(c) != "MSG" || c.Length < TokenOffset + issued.Length)
            {
                continue;
            }

            // The first later request carries the captured token; every request with the same bytes gets ours.
            captured ??= c.AsSpan(TokenOffset, issued.Length).ToArray();
            if (c.AsSpan(TokenOffset, issued.Length).SequenceEqual(captured))
            {
                chunks[i] = (byte[])c.Clone();
                issued.CopyTo(chunks[i].AsSpan(TokenOffset));
            }
        }
    }
}
