using System.Text.Json.Nodes;
using EdgeTwin.Service.Configuration;

namespace EdgeTwin.Service.Tests.Configuration;

/// <summary>
/// Each bad configuration must produce exactly the listed lines: the key path and what is wrong, nothing else.
/// </summary>
public sealed class ConfigValidationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> BadConfigurations => new()
    {
        { "missing gateway name", "Gateway.Name=", "Gateway:Name: is required" },
        { "rate of zero", "Devices.imu.RateHz=0", "Devices:imu:RateHz: must be between 0.01 and 1000, got 0" },
        { "rate that is not a number", "Devices.imu.RateHz=\"fast\"", "Devices:imu:RateHz: must be a number, got 'fast'" },
        { "rate above the chip's maximum", "Devices.winding.RateHz=100", "Devices:winding:RateHz: must be between 0.01 and 40, got 100" },
        { "unknown device type", "Devices.imu.Type=\"mpu9999\"", "Devices:imu:Type: must be one of mpu6050, mcp9808, ls7366r, lsm6dso, lsm6dso-spi, as5600, bme280, max31865, serial-imu, ds18b20, quadrature, got 'mpu9999'" },
        { "misspelt key", "Devices.imu.Rate=500", "Devices:imu:Rate: unknown key (did you mean 'RateHz'?)" },
        { "unknown top-level section", "Alerts={}", "Alerts: unknown key" },
        { "I2C address out of range", "Devices.imu.Address=\"0x80\"", "Devices:imu:Address: must be between 3 and 119, got 128" },
        { "I2C address that is not a number", "Devices.imu.Address=\"0xZZ\"", "Devices:imu:Address: must be a whole number (decimal or 0x hex), got '0xZZ'" },
        { "two devices at one address", "Devices.winding.Address=\"0x68\"", "Devices:winding:Address: i2c-1 0x68 is already used by device 'imu'" },
        { "malformed bus name", "Devices.imu.Bus=\"i2c1\"", "Devices:imu:Bus: must name an I2C bus like 'i2c-1' (/dev/i2c-1), got 'i2c1'" },
        { "SPI device on an I2C bus", "Devices.encoder.Bus=\"i2c-1\"", "Devices:encoder:Bus: must name a SPI bus like 'spi0' (/dev/spidev0.*), got 'i2c-1'" },
        { "channel the chip does not have", "Devices.imu.Channels.accel_w={\"TwinPath\":\"a/b\"}", "Devices:imu:Channels:accel_w: is not a channel of mpu6050; it has accel_x, accel_y, accel_z, gyro_x, gyro_y, gyro_z, temperature" },
        { "unit that cannot be converted", "Devices.winding.Channels.temperature.Unit=\"furlong\"", "Devices:winding:Channels:temperature:Unit: mcp9808 temperature is measured in degC; it can be given in degC, K, degF, not 'furlong'" },
        { "option value the chip does not support", "Devices.imu.Options.AccelRangeG=3", "Devices:imu:Options:AccelRangeG: must be one of 2, 4, 8, 16, got 3" },
        { "bias vector of the wrong length", "Devices.imu.Calibration.Bias=[0,0,0,0,0]", "Devices:imu:Calibration:Bias: must have 6 elements (one per calibrated channel), got 5" },
        { "scale matrix with a short row", "Devices.imu.Calibration.Scale.2=[0,0,1]", "Devices:imu:Calibration:Scale:2: row must have 6 numbers, got 3" },
        { "scale matrix with too few rows", "Devices.imu.Calibration.Scale=[[1]]", "Devices:imu:Calibration:Scale: must be a 6×6 matrix, got 1 rows" },
        { "twin path used twice", "Devices.winding.Channels.temperature.TwinPath=\"axis1/motor/housing_temperature\"", "Devices:winding:Channels:temperature:TwinPath: twin path 'axis1/motor/housing_temperature' is already used by Devices:imu:Channels:temperature:TwinPath" },
        { "malformed twin path", "Devices.winding.Channels.temperature.TwinPath=\"axis1//temp\"", "Devices:winding:Channels:temperature:TwinPath: must be a twin path of '/'-separated segments of letters, digits, '_' or '-' (like 'axis1/motor/temperature'), got 'axis1//temp'" },
        { "encoder source that does not exist", "Derived.axis1-kinematics.Source=\"axis1/encoder/cnt\"", "Derived:axis1-kinematics:Source: 'axis1/encoder/cnt' is not the twin path of any device channel" },
        { "encoder source that is not a counts channel", "Derived.axis1-kinematics.Source=\"axis1/motor/temperature\"", "Derived:axis1-kinematics:Source: 'axis1/motor/temperature' is measured in degC, an encoder source must be a counts channel" },
        { "fault severity above one", "Simulation.Faults.BearingWear=2", "Simulation:Faults:BearingWear: must be between 0 and 1, got 2" },
        { "boolean that is not a boolean", "Simulation.Enabled=\"yes\"", "Simulation:Enabled: must be true or false, got 'yes'" },
        { "actuator output of the wrong kind", "Actuators.brake.Output=\"pwmchip0/0\"", "Actuators:brake:Output: must name a GPIO line like 'gpiochip0/17' or 'gpiochip0/GPIO17', got 'pwmchip0/0'" },
        { "unknown actuator type", "Actuators.brake.Type=\"valve\"", "Actuators:brake:Type: must be one of speed-reference, digital, servo, pwm, got 'valve'" },
        { "no devices at all", "Devices= & Derived=", "Devices: is required" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void A_bad_configuration_is_reported_with_its_key_path_and_reason(string because, string edit, string expected)
    {
        var errors = Errors(Edit(edit.Split(" & ")));
        Assert.True(errors.SequenceEqual([expected]), $"{because}: expected exactly\n  {expected}\ngot\n  {string.Join("\n  ", errors)}");
    }

    [Fact]
    public void The_shipped_configuration_is_valid()
    {
        var (config, _, _) = ConfigLoader.Load(RepositoryPaths.DefaultConfig);
        Assert.Equal("demo-axis", config.Gateway.Name);
        Assert.Equal(3, config.Devices.Count);
        Assert.True(config.Simulation.Enabled);
    }

    [Fact]
    public void Every_error_is_reported_in_one_go()
    {
        var errors = Errors(Edit("Devices.imu.RateHz=0", "Gateway.Name=", "Devices.imu.Rte=1"));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Invalid_json_names_the_file_and_the_line()
    {
        var path = _dir.File("broken.json");
        File.WriteAllText(path, "{\n  \"Gateway\": {\n    \"Name\": \"x\",,\n  }\n}\n");
        var error = Assert.Single(Errors(path));
        Assert.StartsWith($"{path}: invalid JSON at line 3,", error);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = _dir.File("nope.json");
        Assert.Equal([$"configuration file '{path}' not found"], Errors(path));
    }

    [Fact]
    public void Command_line_overrides_are_validated_like_the_file()
    {
        var overrides = new Dictionary<string, string?> { ["Simulation:Faults:Overheating"] = "1.5" };
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(RepositoryPaths.DefaultConfig, overrides));
        Assert.Equal("Simulation:Faults:Overheating: must be between 0 and 1, got 1.5", Assert.Single(error.Errors).ToString());
    }

    private static List<string> Errors(string path) => ConfigEdits.Errors(path);

    /// <summary>Applies edits of the form <c>a.b.c=JSON</c> (empty value removes the key) to the shipped file.</summary>
    private string Edit(params string[] edits) => ConfigEdits.Write(_dir, edits);
}
