namespace EdgeTwin.Sparkplug;

/// <summary>The message types of an edge node's topic namespace, Sparkplug B 3.0 §4.1.2.</summary>
public enum SparkplugMessageType
{
    NBIRTH,
    NDEATH,
    DBIRTH,
    DDEATH,
    NDATA,
    DDATA,
    NCMD,
    DCMD,
}
