namespace EdgeTwin.Drivers.Simulation.Plant;

/// <summary>
/// The physics of the simulated axis, integrated at a fixed step and advanced lazily to whatever instant a
/// simulated sensor is read at. Thread-safe: each bus thread reads it at its own times.
/// </summary>
/// <remarks>
/// Speed follows the command through a first-order closed loop; the brake forces it to zero with a shorter
/// time constant. Winding temperature follows dT/dt = (T_amb + R_th·P(n) − T) / τ_th with losses
/// P(n) = P_idle + P_full·(n/n_max)², so its steady state at constant speed is T_amb + R_th·P(n).
/// </remarks>
public sealed class AxisPlant
{
    private readonly Lock _lock = new();
    private readonly AxisPlantParameters _p;
    private readonly long _stepNs;
    private readonly double _speedAlpha;
    private readonly double _brakeAlpha;
    private readonly long _startNs;

    private long _timeNs;
    private double _speedRpm;
    private double _commandRpm;
    private double _revolutions;
    private double _windingCelsius;
    private bool _brake;
    private PlantFaults _faults;

    public AxisPlant(AxisPlantParameters parameters, PlantFaults faults, long startMonotonicNs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(faults);
        _p = parameters;
        _faults = faults;
        _stepNs = (long)(parameters.StepSeconds * 1e9);
        _speedAlpha = 1 - Math.Exp(-parameters.StepSeconds / parameters.SpeedTimeConstantSeconds);
        _brakeAlpha = 1 - Math.Exp(-parameters.StepSeconds / parameters.BrakeTimeConstantSeconds);
        _startNs = startMonotonicNs;
        _timeNs = startMonotonicNs;
        _windingCelsius = parameters.AmbientCelsius;
    }

    public AxisPlantParameters Parameters => _p;

    public PlantFaults Faults
    {
        get { lock (_lock) { return _faults; } }
        set { lock (_lock) { _faults = value ?? PlantFaults.None; } }
    }

    /// <summary>Speed command of the drive, clamped to ±max speed (what a VFD's analogue input would do).</summary>
    public void CommandSpeed(double rpm)
    {
        lock (_lock)
        {
            _commandRpm = Math.Clamp(double.IsFinite(rpm) ? rpm : 0, -_p.MaxSpeedRpm, _p.MaxSpeedRpm);
        }
    }

    public void SetBrake(bool engaged)
    {
        lock (_lock)
        {
            _brake = engaged;
        }
    }

    /// <summary>Advances the model to <paramref name="monotonicNs"/> (if not there yet) and returns its state.</summary>
    public AxisState Observe(long monotonicNs)
    {
        lock (_lock)
        {
            AdvanceTo(monotonicNs);

            // Between integration steps the shaft keeps turning at the current speed, so encoder counts and
            // vibration phase are continuous in time rather than stepping every millisecond.
            var sinceStep = Math.Max(0, monotonicNs - _timeNs) / 1e9;
            var revolutions = _revolutions + _speedRpm / 60.0 * sinceStep;
            return new AxisState(
                monotonicNs,
                _speedRpm,
                _brake ? 0 : _commandRpm,
                revolutions,
                _windingCelsius,
                ActiveWear(monotonicNs),
                _brake,
                Losses(_speedRpm));
        }
    }

    /// <summary>The winding temperature the model settles at for a constant speed and the current faults.</summary>
    public double SteadyStateCelsius(double speedRpm, long atMonotonicNs)
    {
        lock (_lock)
        {
            return _p.AmbientCelsius + ThermalResistance(atMonotonicNs) * Losses(speedRpm);
        }
    }

    private void AdvanceTo(long targetNs)
    {
        var dt = _p.StepSeconds;
        while (_timeNs + _stepNs <= targetNs)
        {
            var command = _brake ? 0 : _commandRpm;
            _speedRpm += (command - _speedRpm) * (_brake ? _brakeAlpha : _speedAlpha);
            _revolutions += _speedRpm / 60.0 * dt;

            var steadyState = _p.AmbientCelsius + ThermalResistance(_timeNs) * Losses(_speedRpm);
            _windingCelsius += (steadyState - _windingCelsius) * dt / _p.ThermalTimeConstantSeconds;
            _timeNs += _stepNs;
        }
    }

    private double Losses(double speedRpm)
    {
        var relative = speedRpm / _p.MaxSpeedRpm;
        return _p.IdleLossWatts + _p.FullSpeedLossWatts * relative * relative;
    }

    private double ThermalResistance(long monotonicNs)
    {
        var severity = Elapsed(monotonicNs) >= _faults.OverheatingOnsetSeconds ? _faults.Overheating : 0;
        return _p.ThermalResistanceKelvinPerWatt * (1 + (_p.OverheatingResistanceFactor - 1) * severity);
    }

    private double ActiveWear(long monotonicNs) =>
        Elapsed(monotonicNs) >= _faults.BearingWearOnsetSeconds ? _faults.BearingWear : 0;

    private double Elapsed(long monotonicNs) => (monotonicNs - _startNs) / 1e9;
}
