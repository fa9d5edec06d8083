using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>One case of the table: runs its repetitions (CarbonSpaces and its reference, alternating) and adds its rows.</summary>
    internal interface IBenchCase
    {
        /// <summary>P1, P2, P3a, P3b, P4, P5, P6 or P7.</summary>
        string Id { get; }

        Task RunAsync(BenchContext context);
    }
}
