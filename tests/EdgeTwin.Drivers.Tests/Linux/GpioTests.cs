using System.Runtime.InteropServices;
using System.Text;
using EdgeTwin.Drivers.Buses;
using EdgeTwin.Drivers.Linux.Gpio;
using EdgeTwin.Drivers.Linux.Interop;

namespace EdgeTwin.Drivers.Tests.Linux;

/// <summary>
/// This machine has no /dev/gpiochip* and cannot load gpio-sim or gpio-mockup (no kernel modules in the
/// container), so the request structures are checked as built, and the event path runs over a pipe that
/// carries real struct gpio_v2_line_event records, as the kernel's line-request descriptor does.
/// </summary>
public sealed unsafe partial class GpioTests
{
    [Fact]
    public void Input_config_carries_bias_edges_active_low_and_a_debounce_attribute_for_line_zero()
    {
        var config = GpioLineConfigBuilder.ForInput(new GpioInputOptions
        {
            Bias = GpioBias.PullUp,
            Edge = GpioEdge.Both,
            DebounceUs = 5000,
            ActiveLow = true,
        });
        Assert.Equal(
            (ulong)(GpioLineProperties.Input | GpioLineProperties.BiasPullUp | GpioLineProperties.EdgeRising
                | GpioLineProperties.EdgeFalling | GpioLineProperties.ActiveLow),
            config.Flags);
        Assert.Equal(1u, config.NumAttrs);
        Assert.Equal(GpioUapi.AttrIdDebounce, config.Attrs[0].Attr.Id);
        Assert.Equal(5000u, config.Attrs[0].Attr.DebouncePeriodUs);
        Assert.Equal(1ul, config.Attrs[0].Mask);
    }

    [Theory]
    [InlineData(GpioBias.AsIs, GpioEdge.None, GpioLineProperties.Input)]
    [InlineData(GpioBias.PullDown, GpioEdge.Rising, GpioLineProperties.Input | GpioLineProperties.BiasPullDown | GpioLineProperties.EdgeRising)]
    [InlineData(GpioBias.Disabled, GpioEdge.Falling, GpioLineProperties.Input | GpioLineProperties.BiasDisabled | GpioLineProperties.EdgeFalling)]
    public void Bias_and_edge_choices_map_to_the_v2_flags(GpioBias bias, GpioEdge edge, GpioLineProperties flags)
    {
        var config = GpioLineConfigBuilder.ForInput(new GpioInputOptions { Bias = bias, Edge = edge });
        Assert.Equal((ulong)flags, config.Flags);
        Assert.Equal(0u, config.NumAttrs);
    }

    [Fact]
    public void Output_request_carries_the_initial_value_as_an_output_values_attribute()
    {
        var config = GpioLineConfigBuilder.ForOutput(true, new GpioOutputOptions { OpenDrain = true });
        Assert.Equal((ulong)(GpioLineProperties.Output | GpioLineProperties.OpenDrain), config.Flags);
        Assert.Equal(1u, config.NumAttrs);
        Assert.Equal(GpioUapi.AttrIdOutputValues, config.Attrs[0].Attr.Id);
        Assert.Equal(1ul, config.Attrs[0].Attr.Values);
        Assert.Equal(1ul, config.Attrs[0].Mask);

        var request = GpioLineConfigBuilder.Request(17, "edgetwin-estop", config, 0);
        Assert.Equal(17u, request.Offsets[0]);
        Assert.Equal(1u, request.NumLines);
        Assert.Equal("edgetwin-estop", GpioLineConfigBuilder.CString(request.Consumer, GpioUapi.MaxNameSize));
        Assert.Equal(config.Flags, request.Config.Flags);

        // Everything the kernel checks for zero (padding, unused offsets and attributes) is zero.
        var bytes = new ReadOnlySpan<byte>(&request, sizeof(GpioV2LineRequest));
        Assert.True(bytes[568..588].IndexOfAnyExcept((byte)0) < 0);
        Assert.True(bytes[4..256].IndexOfAnyExcept((byte)0) < 0);
        Assert.True(bytes[(288 + 32 + 24)..560].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Long_consumer_names_are_cut_to_31_bytes_and_stay_nul_terminated()
    {
        var request = GpioLineConfigBuilder.Request(0, new string('c', 60), default, 0);
        Assert.Equal(new string('c', 31), GpioLineConfigBuilder.CString(request.Consumer, GpioUapi.MaxNameSize));
        Assert.Equal(0, request.Consumer[31]);
    }

    [Fact]
    public void Edge_events_are_read_in_batches_with_kernel_timestamps_and_gaps_counted()
    {
        var (read, write) = Pipe();
        using var line = new GpioInputLine("test:gpiochip0:17", read);
        using var writer = write;

        Assert.False(line.TryReadEdge(20, out _));

        WriteEvents(writer, [
            Event(1_000_000_123, GpioUapi.EventRisingEdge, 1),
            Event(1_000_500_000, GpioUapi.EventFallingEdge, 2),
            Event(1_002_000_000, GpioUapi.EventRisingEdge, 5),
        ]);

        Assert.True(line.TryReadEdge(1000, out var first));
        Assert.Equal(new EdgeEvent(1_000_000_123, true, 1), first);
        Assert.True(line.TryReadEdge(1000, out var second));
        Assert.Equal(new EdgeEvent(1_000_500_000, false, 2), second);
        Assert.True(line.TryReadEdge(1000, out var third));
        Assert.Equal(5u, third.Sequence);
        Assert.Equal(2, line.MissedEdges);
        Assert.False(line.TryReadEdge(20, out _));
    }

    [Fact]
    public void Waiting_for_edges_does_not_allocate()
    {
        var (read, write) = Pipe();
        using var line = new GpioInputLine("test", read);
        using var writer = write;
        var events = Enumerable.Range(1, 16).Select(i => Event((ulong)i * 1000, GpioUapi.EventRisingEdge, (uint)i)).ToArray();
        var seq = 0u;

        var small = Allocations.Measure(() => Pump(1));
        var large = Allocations.Measure(() => Pump(50));
        Assert.True(large - small < 1_000, $"{small} B vs {large} B");
        Assert.Equal(0, line.MissedEdges);

        void Pump(int batches)
        {
            for (var b = 0; b < batches; b++)
            {
                for (var i = 0; i < events.Length; i++)
                {
                    events[i].LineSeqno = ++seq;
                }

                WriteEvents(writer, events);
                for (var i = 0; i < events.Length; i++)
                {
                    if (!line.TryReadEdge(1000, out _))
                    {
                        throw new InvalidOperationException("edge missing");
                    }
                }
            }
        }
    }

    [Fact]
    public void Level_reads_on_a_descriptor_that_is_not_a_line_request_name_the_line()
    {
        var (read, write) = Pipe();
        using var line = new GpioInputLine("/dev/gpiochip0:17", read);
        using var output = new GpioOutputLine("/dev/gpiochip0:18", write);
        var input = Assert.Throws<BusException>(() => line.Read());
        Assert.Contains("/dev/gpiochip0:17", input.Message);
        Assert.Contains("GPIO_V2_LINE_GET_VALUES_IOCTL", input.Message);
        var set = Assert.Throws<BusException>(() => output.Write(true));
        Assert.Contains("/dev/gpiochip0:18", set.Message);
    }

    private static GpioV2LineEvent Event(ulong timestampNs, uint id, uint lineSeqno) =>
        new() { TimestampNs = timestampNs, Id = id, Offset = 17, Seqno = lineSeqno, LineSeqno = lineSeqno };

    private static void WriteEvents(FileDescriptor fd, ReadOnlySpan<GpioV2LineEvent> events)
    {
        var bytes = MemoryMarshal.AsBytes(events);
        fixed (byte* p = bytes)
        {
            if ((int)Libc.Write(fd, p, (nuint)bytes.Length) != bytes.Length)
            {
                throw new InvalidOperationException("short write to the event pipe");
            }
        }
    }

    private static (FileDescriptor Read, FileDescriptor Write) Pipe()
    {
        var fds = stackalloc int[2];
        Assert.Equal(0, pipe2(fds, Libc.OCloExec));
        return (new FileDescriptor(fds[0]), new FileDescriptor(fds[1]));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int pipe2(int* fds, int flags);
}
