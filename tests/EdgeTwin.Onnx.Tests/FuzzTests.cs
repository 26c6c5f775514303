using System.Diagnostics;
using EdgeTwin.Onnx.Evaluation;
using EdgeTwin.Onnx.Model;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeTwin.Onnx.Tests;

/// <summary>
/// Mutates valid model bytes and loads (and, when loading succeeds, runs) each result. Only
/// <see cref="OnnxFormatException"/> or <see cref="OnnxUnsupportedException"/> may escape, and every
/// iteration must finish quickly. The seed is fixed so a failure reproduces; it is printed with the failure.
/// </summary>
public sealed class FuzzTests
{
    // EDGETWIN_FUZZ_ITERATIONS / EDGETWIN_FUZZ_SEED run a longer or different campaign by hand.
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("EDGETWIN_FUZZ_ITERATIONS"), out var n) ? n : 6000;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("EDGETWIN_FUZZ_SEED"), out var s) ? s : 20261122;
    private static readonly TimeSpan PerIterationLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TotalLimit = TimeSpan.FromSeconds(Math.Max(90, Iterations / 50));

    [Fact]
    public async Task Mutated_models_fail_only_with_onnx_exceptions_and_never_hang()
    {
        var corpus = TestModels.Manifest.Select(m => TestModels.Bytes(m.File)).ToArray();
        var outcome = new FuzzOutcome();
        var run = Task.Factory.StartNew(() => Fuzz(corpus, Seed, outcome), TaskCreationOptions.LongRunning);

        var finished = await Task.WhenAny(run, Task.Delay(TotalLimit)) == run;
        Assert.True(finished, $"fuzzing did not finish within {TotalLimit} (stuck at iteration {outcome.Iteration}: a hang)");
        Assert.True(outcome.Failure is null, outcome.Failure);
        Assert.Equal(Iterations, outcome.Loaded + outcome.Rejected);
        Assert.True(outcome.Rejected > Iterations / 4, $"only {outcome.Rejected} mutants rejected");
        Assert.True(outcome.Loaded > 50, $"only {outcome.Loaded} mutants loaded and ran");
    }

    [Fact]
    public void Arbitrary_bytes_never_escape_as_anything_but_onnx_exceptions()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                OnnxModelReader.Read(bytes);
            }
            catch (Exception e) when (e is OnnxFormatException or OnnxUnsupportedException)
            {
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    private static void Fuzz(byte[][] corpus, int seed, FuzzOutcome outcome)
    {
        var random = new Random(seed);
        var options = new ManagedEngineOptions { MaxPlannedElements = 4_000_000 };
        for (var i = 0; i < Iterations; i++)
        {
            outcome.Iteration = i;
            var source = corpus[random.Next(corpus.Length)];
            var mutant = Mutate(source, random);
            var clock = Stopwatch.StartNew();
            try
            {
                using var engine = ManagedInferenceEngine.Load(mutant, options);
                var inputs = engine.Inputs.Select(t => (ReadOnlyMemory<float>)new float[t.ElementCount]).ToArray();
                var outputs = engine.Outputs.Select(t => (Memory<float>)new float[t.ElementCount]).ToArray();
                engine.Run(inputs, outputs);
                outcome.Loaded++;
            }
            catch (Exception e) when (e is OnnxFormatException or OnnxUnsupportedException)
            {
                outcome.Rejected++;
            }
            catch (Exception e)
            {
                outcome.Failure = $"iteration {i} (seed {seed}, {mutant.Length} bytes): {e.GetType().Name}: {e.Message}\n{e.StackTrace}";
                return;
            }

            if (clock.Elapsed > PerIterationLimit)
            {
                outcome.Failure = $"iteration {i} (seed {seed}) took {clock.Elapsed}";
                return;
            }
        }
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = new List<byte>(source);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(16), bytes.Count - at));
                    break;
                case 5:
                    bytes[at] = (byte)(random.Next(4) switch { 0 => 0x00, 1 => 0x7F, 2 => 0x80, _ => 0xFF });
                    break;
                default:
                    var length = Math.Min(1 + random.Next(32), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }

    private sealed class FuzzOutcome
    {
        public volatile int Iteration;
        public int Loaded;
        public int Rejected;
        public string? Failure;
    }
}
