namespace EdgeTwin.Onnx.Evaluation;

/// <summary>
/// Caps the elements planned at load (buffers and index maps), so a model whose shapes multiply out to
/// something huge is refused by name instead of exhausting memory.
/// </summary>
internal sealed class PlanBudget(long maxElements)
{
    private long _used;

    public void Reserve(long elements, string what)
    {
        _used += elements;
        if (elements > maxElements || _used > maxElements)
        {
            throw new OnnxUnsupportedException(
                $"{what}: planning needs more than {maxElements} elements in total (ManagedEngineOptions.MaxPlannedElements)");
        }
    }
}
