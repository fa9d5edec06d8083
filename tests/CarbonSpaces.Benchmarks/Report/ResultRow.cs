using System.Collections.Generic;

namespace CarbonSpaces.Benchmarks.Report
{
    /// <summary>One line of the results table.</summary>
    internal sealed class ResultRow
    {
        public string Case { get; set; } = string.Empty;

        public string Data { get; set; } = string.Empty;

        /// <summary>CarbonSpaces' figure as shown (a median time, or latency percentiles).</summary>
        public string CarbonSpaces { get; set; } = string.Empty;

        public string Reference { get; set; } = "—";

        public string Ratio { get; set; } = "—";

        public string Target { get; set; } = string.Empty;

        /// <summary>Null when the target could not be judged (a case it depends on did not run).</summary>
        public bool? Met { get; set; }

        public string PeakRss { get; set; } = "—";

        public string Requests { get; set; } = "—";

        /// <summary>The same case under other conditions (cold, …), each printed in columns of its own after the warm ones.</summary>
        public List<ConditionFigures> Conditions { get; } = new List<ConditionFigures>();

        /// <summary>Everything measured on the way (each repetition, phases, sizes), for the details section.</summary>
        public List<string> Details { get; } = new List<string>();
    }
}
