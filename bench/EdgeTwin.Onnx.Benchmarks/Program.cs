using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EdgeTwin.Onnx.Benchmarks.AutoencoderScoring).Assembly).Run(args);
