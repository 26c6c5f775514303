using System.Text;

namespace EdgeTwin.Drivers.Linux.Gpio;

/// <summary>
/// Builds gpio_v2_line_request for one line. Per Documentation/userspace-api/gpio/gpio-v2-get-line-ioctl.rst
/// flags apply to every line unless an attribute overrides them; attributes carry per-line values: the output
/// value (GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES) and the debounce period (GPIO_V2_LINE_ATTR_ID_DEBOUNCE), each with
/// a mask of request-line indices (bit 0 = our single line).
/// </summary>
internal static unsafe class GpioLineConfigBuilder
{
    public static GpioV2LineConfig ForInput(GpioInputOptions options)
    {
        var flags = GpioLineProperties.Input;
        flags |= options.Bias switch
        {
            GpioBias.PullUp => GpioLineProperties.BiasPullUp,
            GpioBias.PullDown => GpioLineProperties.BiasPullDown,
            GpioBias.Disabled => GpioLineProperties.BiasDisabled,
            _ => GpioLineProperties.None,
        };
        flags |= options.Edge switch
        {
            GpioEdge.Rising => GpioLineProperties.EdgeRising,
            GpioEdge.Falling => GpioLineProperties.EdgeFalling,
            GpioEdge.Both => GpioLineProperties.EdgeRising | GpioLineProperties.EdgeFalling,
            _ => GpioLineProperties.None,
        };
        if (options.ActiveLow)
        {
            flags |= GpioLineProperties.ActiveLow;
        }

        var config = new GpioV2LineConfig { Flags = (ulong)flags };
        if (options.DebounceUs > 0)
        {
            config.Attrs[0] = new GpioV2LineConfigAttribute
            {
                Attr = new GpioV2LineAttribute { Id = GpioUapi.AttrIdDebounce, DebouncePeriodUs = options.DebounceUs },
                Mask = 1,
            };
            config.NumAttrs = 1;
        }

        return config;
    }

    public static GpioV2LineConfig ForOutput(bool initialActive, GpioOutputOptions options)
    {
        var flags = GpioLineProperties.Output;
        if (options.ActiveLow)
        {
            flags |= GpioLineProperties.ActiveLow;
        }

        if (options.OpenDrain)
        {
            flags |= GpioLineProperties.OpenDrain;
        }

        var config = new GpioV2LineConfig { Flags = (ulong)flags, NumAttrs = 1 };
        config.Attrs[0] = new GpioV2LineConfigAttribute
        {
            Attr = new GpioV2LineAttribute { Id = GpioUapi.AttrIdOutputValues, Values = initialActive ? 1UL : 0UL },
            Mask = 1,
        };
        return config;
    }

    public static GpioV2LineRequest Request(int offset, string consumer, in GpioV2LineConfig config, uint eventBufferSize)
    {
        var request = new GpioV2LineRequest { Config = config, NumLines = 1, EventBufferSize = eventBufferSize };
        request.Offsets[0] = (uint)offset;

        // Consumer is a NUL-terminated label of at most 31 bytes; longer names are cut, not rejected.
        var consumerBytes = new Span<byte>(request.Consumer, GpioUapi.MaxNameSize - 1);
        Encoding.UTF8.TryGetBytes(consumer.AsSpan(0, Math.Min(consumer.Length, GpioUapi.MaxNameSize - 1)), consumerBytes, out var written);
        if (written == 0 && consumer.Length > 0)
        {
            // Multi-byte characters that do not fit: fall back to an ASCII label rather than a truncated sequence.
            "edgetwin"u8.CopyTo(consumerBytes);
        }

        return request;
    }

    public static string CString(byte* text, int capacity)
    {
        var span = new ReadOnlySpan<byte>(text, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
