namespace EdgeTwin.Sync.Derived;

/// <summary>
/// IMU orientation from gyroscope and accelerometer with Madgwick's gradient-descent filter (S. Madgwick,
/// "An efficient orientation filter for inertial and inertial/magnetic sensor arrays", 2010, §3): the gyro
/// rate is integrated, and a step of size β·dt along the normalized gradient of the error between measured
/// and predicted gravity pulls the estimate back towards the accelerometer's vertical.
/// </summary>
/// <remarks>
/// Gyroscope in rad/s, accelerometer in any unit (only its direction is used). β trades gyro drift against
/// accelerometer noise; Madgwick suggests √(3/4)·gyro noise, 0.033–0.1 for MEMS parts. Yaw is unobservable
/// from gravity, so it is pure gyro integration and drifts.
/// </remarks>
public sealed class MadgwickOrientation(double beta = 0.1, bool initializeFromAccelerometer = true)
{
    private double _w = 1, _x, _y, _z;
    private bool _initialized = !initializeFromAccelerometer;

    public Orientation Orientation => new(_w, _x, _y, _z);

    public void Update(double gx, double gy, double gz, double ax, double ay, double az, double dtSeconds)
    {
        var norm = Math.Sqrt((ax * ax) + (ay * ay) + (az * az));
        var accelUsable = norm > 0 && double.IsFinite(norm);
        if (accelUsable)
        {
            ax /= norm;
            ay /= norm;
            az /= norm;
        }

        if (!_initialized && accelUsable)
        {
            InitializeFromGravity(ax, ay, az);
            _initialized = true;
            return;
        }

        // q̇ = ½ q ⊗ (0, ω)
        var dw = 0.5 * ((-_x * gx) - (_y * gy) - (_z * gz));
        var dx = 0.5 * ((_w * gx) + (_y * gz) - (_z * gy));
        var dy = 0.5 * ((_w * gy) - (_x * gz) + (_z * gx));
        var dz = 0.5 * ((_w * gz) + (_x * gy) - (_y * gx));

        if (accelUsable)
        {
            // f = predicted gravity in the sensor frame − measured; the step is Jᵀf, normalized (Madgwick eq. 25–34).
            var fx = (2 * ((_x * _z) - (_w * _y))) - ax;
            var fy = (2 * ((_w * _x) + (_y * _z))) - ay;
            var fz = (1 - (2 * ((_x * _x) + (_y * _y)))) - az;
            var sw = (-2 * _y * fx) + (2 * _x * fy);
            var sx = (2 * _z * fx) + (2 * _w * fy) - (4 * _x * fz);
            var sy = (-2 * _w * fx) + (2 * _z * fy) - (4 * _y * fz);
            var sz = (2 * _x * fx) + (2 * _y * fy);
            var sNorm = Math.Sqrt((sw * sw) + (sx * sx) + (sy * sy) + (sz * sz));
            if (sNorm > 1e-12)
            {
                dw -= beta * sw / sNorm;
                dx -= beta * sx / sNorm;
                dy -= beta * sy / sNorm;
                dz -= beta * sz / sNorm;
            }
        }

        _w += dw * dtSeconds;
        _x += dx * dtSeconds;
        _y += dy * dtSeconds;
        _z += dz * dtSeconds;
        Normalize();
    }

    // The rotation taking earth z to the measured gravity direction, about the horizontal axis z × g; yaw 0.
    private void InitializeFromGravity(double ax, double ay, double az)
    {
        // Sensor-frame gravity g = (ax, ay, az) = q* ⊗ ẑ ⊗ q; the shortest arc from g to ẑ is q.
        var w = 1 + az;
        if (w < 1e-9)
        {
            (_w, _x, _y, _z) = (0, 1, 0, 0);
            return;
        }

        (_w, _x, _y, _z) = (w, ay, -ax, 0);
        Normalize();
    }

    private void Normalize()
    {
        var n = Math.Sqrt((_w * _w) + (_x * _x) + (_y * _y) + (_z * _z));
        _w /= n;
        _x /= n;
        _y /= n;
        _z /= n;
    }
}
