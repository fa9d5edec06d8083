using CarbonSpaces.Engine.Ingest.Tools;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>What extractors use beyond the file itself: external tools (and the services added beside them). One per engine.</summary>
    public sealed class ExtractionServices
    {
        public ExtractionServices(ToolRunner tools)
        {
            Tools = tools;
        }

        /// <summary>Tools found on PATH or through their CARBONSPACES_* variables.</summary>
        public static ExtractionServices FromEnvironment() => new ExtractionServices(new ToolRunner(new ToolLocator()));

        public ToolRunner Tools { get; }
    }
}
