using System.Linq;
using System.Text.RegularExpressions;

namespace CarbonSpaces.Engine.Ingest.Tools
{
    /// <summary>What a tool said went wrong, fit for a user's message: without our temporary paths or its internal pointers.</summary>
    public static class ToolMessages
    {
        private static readonly Regex ComponentPrefix = new Regex(@"^\[[^\]]* @ 0x[0-9a-fA-F]+\]\s*", RegexOptions.Compiled);

        /// <param name="error">The tool's standard error.</param>
        /// <param name="inputPath">The temporary file the tool read, which the user never saw: shown as "input".</param>
        public static string Clean(string error, string inputPath) =>
            string.Join(" ", error.Replace(inputPath, "input")
                .Split('\n')
                .Select(line => ComponentPrefix.Replace(line.Trim(), string.Empty))
                .Where(line => line.Length > 0));
    }
}
