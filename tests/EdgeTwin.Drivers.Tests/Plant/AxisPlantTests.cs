using EdgeTwin.Drivers.Simulation.Plant;

namespace EdgeTwin.Drivers.Tests.Plant;

public sealed class AxisPlantTests
{
    private const long Second = 1_000_000_000;

    private static AxisPlant NewPlant(PlantFaults? faults = null, double tau = 20) =>
        new(new AxisPlantParameters { ThermalTimeConstantSeconds = tau }, faults ?? PlantFaults.None, 0);

    [Fact]
    public void Temperature_rises_under_load_and_settles_at_the_models_steady_state()
    {
        var plant = NewPlant();
        plant.CommandSpeed(3000);
        var p = plant.Parameters;
        var expected = p.AmbientCelsius + p.ThermalResistanceKelvinPerWatt * (p.IdleLossWatts + p.FullSpeedLossWatts);

        var previous = plant.Observe(0).WindingCelsius;
        for (var t = 1; t <= 200; t++)
        {
            var now = plant.Observe(t * Second).WindingCelsius;
            Assert.True(now >= previous - 1e-9, $"temperature fell from {previous} to {now} at {t} s while heating");
            previous = now;
        }

        // After 10 time constants a first-order system is within e^-10 of its final value.
        Assert.Equal(expected, previous, 0.05);
        Assert.Equal(expected, plant.SteadyStateCelsius(3000, 200 * Second), 1e-9);
    }

    [Fact]
    public void Temperature_after_one_time_constant_is_63_percent_of_the_step()
    {
        var plant = NewPlant(tau: 20);
        plant.CommandSpeed(3000);

        // Speed settles in about 2 s, so measure the step from there against the first-order answer.
        var t0 = 5 * Second;
        var start = plant.Observe(t0).WindingCelsius;
        var final = plant.SteadyStateCelsius(3000, t0);
        var afterTau = plant.Observe(t0 + 20 * Second).WindingCelsius;
        Assert.Equal(start + (final - start) * (1 - Math.Exp(-1)), afterTau, 0.1);
    }

    [Fact]
    public void Motor_cools_back_towards_ambient_when_stopped()
    {
        var plant = NewPlant();
        plant.CommandSpeed(3000);
        var hot = plant.Observe(100 * Second).WindingCelsius;
        plant.CommandSpeed(0);
        var cooled = plant.Observe(300 * Second).WindingCelsius;
        var idle = plant.SteadyStateCelsius(0, 300 * Second);
        Assert.True(cooled < hot - 20);
        Assert.Equal(idle, cooled, 0.05);
    }

    [Fact]
    public void Overheating_fault_raises_the_steady_state_by_the_degraded_cooling_factor()
    {
        var healthy = NewPlant();
        var faulty = NewPlant(new PlantFaults { Overheating = 1 });
        healthy.CommandSpeed(1500);
        faulty.CommandSpeed(1500);
        var ambient = healthy.Parameters.AmbientCelsius;
        var riseHealthy = healthy.Observe(400 * Second).WindingCelsius - ambient;
        var riseFaulty = faulty.Observe(400 * Second).WindingCelsius - ambient;
        Assert.Equal(healthy.Parameters.OverheatingResistanceFactor, riseFaulty / riseHealthy, 0.01);
    }

    [Fact]
    public void Fault_onset_time_is_honoured()
    {
        var plant = NewPlant(new PlantFaults { BearingWear = 0.7, BearingWearOnsetSeconds = 30 });
        Assert.Equal(0, plant.Observe(29 * Second).BearingWear);
        Assert.Equal(0.7, plant.Observe(31 * Second).BearingWear);
    }

    [Fact]
    public void Speed_follows_the_command_with_its_time_constant_and_the_brake_stops_it()
    {
        var plant = NewPlant();
        plant.CommandSpeed(2000);
        var tau = plant.Parameters.SpeedTimeConstantSeconds;
        Assert.Equal(2000 * (1 - Math.Exp(-1)), plant.Observe((long)(tau * Second)).SpeedRpm, 2000 * 0.01);
        Assert.Equal(2000, plant.Observe(5 * Second).SpeedRpm, 0.5);

        plant.SetBrake(true);
        Assert.True(plant.Observe(6 * Second).SpeedRpm < 1);
    }

    [Fact]
    public void Shaft_turns_at_the_commanded_speed_and_is_continuous_between_steps()
    {
        var plant = NewPlant();
        plant.CommandSpeed(1200);
        var a = plant.Observe(10 * Second).ShaftRevolutions;
        var b = plant.Observe(11 * Second).ShaftRevolutions;
        Assert.Equal(1200 / 60.0, b - a, 0.01);

        // Half a step later the shaft has moved half a step's worth, not zero.
        var mid = plant.Observe(11 * Second + 500_000).ShaftRevolutions;
        Assert.Equal(1200 / 60.0 * 0.0005, mid - b, 1e-6);
    }

    [Fact]
    public void Speed_command_is_clamped_and_ignores_non_finite_values()
    {
        var plant = NewPlant();
        plant.CommandSpeed(1e9);
        Assert.Equal(plant.Parameters.MaxSpeedRpm, plant.Observe(10 * Second).CommandedSpeedRpm);
        plant.CommandSpeed(double.NaN);
        Assert.Equal(0, plant.Observe(11 * Second).CommandedSpeedRpm);
    }
}
