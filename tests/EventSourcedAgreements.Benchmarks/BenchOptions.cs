using System.Globalization;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// <c>[--only write,peer,point-in-time,import,rebuild,cold-start,explorer] [--out FILE] [--seconds N] [--warmup N] [--agencies N] [--samples N] [--clients N]</c>.
/// </summary>
public sealed record BenchOptions(
    IReadOnlySet<string> Workloads,
    string? Out,
    int Seconds,
    int Agencies,
    int Samples,
    int Clients,
    int Warmup,
    IReadOnlyList<string> Arguments)
{
    public static readonly string[] All = ["write", "peer", "point-in-time", "import", "rebuild", "cold-start", "explorer"];

    public static BenchOptions Parse(string[] args)
    {
        var workloads = new HashSet<string>(All);
        string? output = null;
        int seconds = 30, agencies = 20_000, samples = 400, clients = 32, warmup = 60;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--only":
                    workloads = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    var unknown = workloads.Except(All).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"Unknown workload(s) {string.Join(", ", unknown)}; known: {string.Join(", ", All)}.");
                    }

                    break;
                case "--out":
                    output = value;
                    break;
                case "--seconds":
                    seconds = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--agencies":
                    agencies = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--clients":
                    clients = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--samples":
                    samples = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }

            i++;
        }

        return new BenchOptions(workloads, output, seconds, agencies, samples, clients, warmup, args);
    }

    public bool Runs(string workload) => Workloads.Contains(workload);
}
