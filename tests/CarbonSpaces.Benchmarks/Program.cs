using System;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;

namespace CarbonSpaces.Benchmarks
{
    /// <summary>
    /// `CarbonSpaces.Benchmarks [--quick] [--scale N] …` runs the benchmark (see README.md; start it
    /// with tools/bench.sh). `CarbonSpaces.Benchmarks child &lt;request&gt; &lt;result&gt;` is how the
    /// benchmark runs each measured piece of work in a process of its own.
    /// </summary>
    internal static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length == 3 && args[0] == "child")
            {
                return await ChildHost.RunAsync(args[1], args[2]).ConfigureAwait(false);
            }

            BenchOptions options;
            try
            {
                options = BenchOptions.Parse(args);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            return await Orchestrator.RunAsync(options).ConfigureAwait(false);
        }
    }
}
