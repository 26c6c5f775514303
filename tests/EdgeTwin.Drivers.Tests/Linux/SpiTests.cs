using EdgeTwin.Drivers.Linux.Spi;

namespace EdgeTwin.Drivers.Tests.Linux;

public sealed unsafe class SpiTests
{
    [Fact]
    public void A_segment_becomes_a_spi_ioc_transfer_with_its_options()
    {
        var tx = stackalloc byte[4];
        var rx = stackalloc byte[4];
        var t = LinuxSpiDevice.Describe(tx, 4, rx, 4, new SpiSegment(default, default, CsChange: true, DelayUsecs: 10, SpeedHz: 500_000));
        Assert.Equal((ulong)tx, t.TxBuf);
        Assert.Equal((ulong)rx, t.RxBuf);
        Assert.Equal(4u, t.Len);
        Assert.Equal(1, t.CsChange);
        Assert.Equal(10, t.DelayUsecs);
        Assert.Equal(500_000u, t.SpeedHz);
        Assert.Equal(0, t.BitsPerWord);
    }

    [Fact]
    public void A_missing_side_is_a_null_buffer_and_the_length_comes_from_the_other()
    {
        var tx = stackalloc byte[3];
        var writeOnly = LinuxSpiDevice.Describe(tx, 3, null, 0, default);
        Assert.Equal(0ul, writeOnly.RxBuf);
        Assert.Equal(3u, writeOnly.Len);

        var rx = stackalloc byte[6];
        var readOnly = LinuxSpiDevice.Describe(null, 0, rx, 6, default);
        Assert.Equal(0ul, readOnly.TxBuf);
        Assert.Equal(6u, readOnly.Len);
    }

    [Fact]
    public void A_multi_part_message_pins_each_buffer_and_keeps_per_part_options()
    {
        byte[] command = [0x03, 0x00, 0x10];
        var response = new byte[8];
        var duplexTx = new byte[] { 1, 2 };
        var duplexRx = new byte[2];
        SpiSegment[] segments =
        [
            new(command, default, DelayUsecs: 5),
            new(default, response, CsChange: true),
            new(duplexTx, duplexRx, SpeedHz: 250_000),
        ];
        var transfers = new SpiIocTransfer[3];
        var handles = new System.Buffers.MemoryHandle[6];
        try
        {
            LinuxSpiDevice.Prepare(segments, transfers, handles);
            fixed (byte* c = command)
            fixed (byte* r = response)
            fixed (byte* t = duplexTx)
            fixed (byte* x = duplexRx)
            {
                Assert.Equal(((ulong)c, 0ul, 3u, (ushort)5, (byte)0), (transfers[0].TxBuf, transfers[0].RxBuf, transfers[0].Len, transfers[0].DelayUsecs, transfers[0].CsChange));
                Assert.Equal((0ul, (ulong)r, 8u, (byte)1), (transfers[1].TxBuf, transfers[1].RxBuf, transfers[1].Len, transfers[1].CsChange));
                Assert.Equal(((ulong)t, (ulong)x, 2u, 250_000u), (transfers[2].TxBuf, transfers[2].RxBuf, transfers[2].Len, transfers[2].SpeedHz));
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Dispose();
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_and_segment_counts_are_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var tx = stackalloc byte[3];
            var rx = stackalloc byte[2];
            LinuxSpiDevice.Describe(tx, 3, rx, 2, default);
        });
        Assert.Equal(16, LinuxSpiDevice.MaxSegments);
        Assert.True(LinuxSpiDevice.MaxSegments <= SpiIoctl.MaxTransfers);
        Assert.Equal(511, SpiIoctl.MaxTransfers);
    }
}
