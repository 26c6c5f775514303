using EdgeTwin.Sync.Compression;
using Xunit.Abstractions;

namespace EdgeTwin.Sync.Tests.Compression;

public sealed class CompressionRatioTests(ITestOutputHelper output)
{
    private const int BlockSamples = 1024;

    private double BytesPerSample(string name, (long[] T, double[] V) signal)
    {
        var (t, v) = signal;
        var q = new uint[t.Length];
        var buffer = new byte[BlockCodec.MaxEncodedSize(BlockSamples)];
        long total = 0;
        for (var start = 0; start < t.Length; start += BlockSamples)
        {
            var n = Math.Min(BlockSamples, t.Length - start);
            total += BlockCodec.Encode(t.AsSpan(start, n), v.AsSpan(start, n), q.AsSpan(start, n), buffer);
        }

        var perSample = (double)total / t.Length;
        output.WriteLine($"{name}: {perSample:F3} bytes/sample ({24 / perSample:F1}x vs 24-byte samples)");
        return perSample;
    }

    [Fact]
    public void Slow_temperature_at_10_Hz_takes_under_3_bytes_per_sample() =>
        Assert.InRange(BytesPerSample("temperature 10 Hz", PlantSignals.Temperature(100 * BlockSamples)), 0, 3);

    [Fact]
    public void Encoder_counts_at_1_kHz_take_under_3_bytes_per_sample() =>
        Assert.InRange(BytesPerSample("encoder 1 kHz", PlantSignals.EncoderCounts(100 * BlockSamples)), 0, 3);

    [Fact]
    public void Vibration_sine_plus_noise_from_a_16_bit_adc_takes_under_4_bytes_per_sample() =>
        // Not smooth at 1 kHz: a 50 Hz sine moves ~2000 LSB per sample and crosses binades twice per period,
        // so the XOR windows stay wide (measured 3.33 bytes/sample).
        Assert.InRange(BytesPerSample("vibration 1 kHz, 16-bit ADC", PlantSignals.VibrationAdc(100 * BlockSamples)), 0, 4);

    [Fact]
    public void Regular_timestamps_cost_one_bit_per_sample()
    {
        var t = Enumerable.Range(0, BlockSamples).Select(i => PlantSignals.T0 + (i * 1_000_000L)).ToArray();
        var v = new double[BlockSamples];
        var buffer = new byte[BlockCodec.MaxEncodedSize(BlockSamples)];
        var length = BlockCodec.Encode(t, v, new uint[BlockSamples], buffer);
        // 2 bits per sample (timestamp '0', value '0') plus the first sample and the header.
        Assert.InRange(length, 0, (2 * BlockSamples / 8) + 32);
    }

    [Fact]
    public void Unquantized_noise_is_reported_for_reference() =>
        Assert.InRange(BytesPerSample("raw double sine+noise 1 kHz (reference)", PlantSignals.RawSineNoise(10 * BlockSamples)), 3, 9);
}
