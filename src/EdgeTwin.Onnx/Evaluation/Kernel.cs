namespace EdgeTwin.Onnx.Evaluation;

/// <summary>One planned node: its input and output buffers are bound at load, so <see cref="Execute"/> never allocates.</summary>
internal abstract class Kernel
{
    public abstract void Execute();
}
