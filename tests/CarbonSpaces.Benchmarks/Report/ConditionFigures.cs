namespace CarbonSpaces.Benchmarks.Report
{
    /// <summary>
    /// A row's figures under one more condition than the warm one its main columns show (e.g. "cold":
    /// the first work of a new PowerShell process), each with its own reference, ratio and target.
    /// </summary>
    internal sealed class ConditionFigures
    {
        /// <summary>The condition's column heading ("cold").</summary>
        public string Name { get; set; } = string.Empty;

        public string CarbonSpaces { get; set; } = "—";

        public string Reference { get; set; } = "—";

        public string Ratio { get; set; } = "—";

        public string Target { get; set; } = string.Empty;

        /// <summary>Null when the target could not be judged.</summary>
        public bool? Met { get; set; }
    }
}
