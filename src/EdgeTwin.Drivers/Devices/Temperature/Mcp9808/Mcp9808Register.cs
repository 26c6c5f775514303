namespace EdgeTwin.Drivers.Devices.Temperature.Mcp9808;

/// <summary>Register pointers from the MCP9808 datasheet (DS25095A), table 5-1.</summary>
internal enum Mcp9808Register : byte
{
    Configuration = 0x01,
    AmbientTemperature = 0x05,
    ManufacturerId = 0x06,
    DeviceId = 0x07,
    Resolution = 0x08,
}
