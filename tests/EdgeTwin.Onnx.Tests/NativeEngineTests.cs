using EdgeTwin.Onnx.Runtime;

namespace EdgeTwin.Onnx.Tests;

public sealed class NativeEngineTests
{
    [Fact]
    public void A_missing_library_is_reported_with_its_path()
    {
        var options = new OnnxRuntimeOptions { LibraryPath = "/nonexistent/libonnxruntime.so" };

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntimeEngine.Load(TestModels.Bytes("linear_regressor.onnx"), options));

        Assert.Contains("/nonexistent/libonnxruntime.so", error.Message);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_refused()
    {
        var libc = new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" }.First(File.Exists);
        var options = new OnnxRuntimeOptions { LibraryPath = libc };

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntimeEngine.Load(TestModels.Bytes("linear_regressor.onnx"), options));

        Assert.Contains("does not export OrtGetApiBase", error.Message);
    }

    [Fact]
    public void A_corrupt_model_surfaces_onnx_runtimes_status_message()
    {
        var options = new OnnxRuntimeOptions { LibraryPath = TestModels.OrtLibrary };

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxRuntimeEngine.Load(new byte[] { 0x0A, 0x05, 0x01 }, options));

        Assert.Contains("CreateSessionFromArray failed", error.Message);
    }

    [Fact]
    public void A_disposed_engine_refuses_to_run_and_disposing_twice_is_harmless()
    {
        var engine = TestModels.LoadNative("linear_regressor.onnx");
        engine.Dispose();
        engine.Dispose();

        Assert.Throws<ObjectDisposedException>(() => engine.Run(new float[6], new float[1]));
    }

    [Fact]
    public void Many_sessions_can_be_created_and_released()
    {
        for (var i = 0; i < 20; i++)
        {
            using var engine = TestModels.LoadNative("dense_autoencoder.onnx");
            var outputs = TestModels.Run(engine, [[.. Enumerable.Repeat(0.5f, 12)]]);
            Assert.All(outputs[0], v => Assert.True(float.IsFinite(v)));
            Assert.True(outputs[1][0] > 0, "reconstruction error of a non-trivial input");
        }
    }
}
