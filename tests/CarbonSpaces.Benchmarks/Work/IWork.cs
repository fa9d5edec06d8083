using System;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>One piece of measured work, run in a child process (see <see cref="ChildHost"/>).</summary>
    internal interface IWork
    {
        /// <summary>Runs the same code paths on throw-away data (the warm bucket, a scratch store).</summary>
        Task WarmUpAsync(ChildRequest request);

        /// <summary>Does the work once, timing only what the case measures, into <paramref name="result"/>.</summary>
        Task RunAsync(ChildRequest request, ChildResult result);
    }

    internal static class WorkCatalog
    {
        public static IWork Create(string name) => name switch
        {
            ItemsSyncWork.Name => new ItemsSyncWork(),
            RawListWork.Name => new RawListWork(),
            FileSyncWork.Name => new FileSyncWork(),
            RawIndexWork.Name => new RawIndexWork(),
            ResyncWork.Name => new ResyncWork(),
            AutoSyncWork.Name => new AutoSyncWork(),
            SearchBuildWork.Name => new SearchBuildWork(),
            SearchQueryWork.Name => new SearchQueryWork(),
            ChunkingPhasesWork.Name => new ChunkingPhasesWork(),
            RawFetchWork.Name => new RawFetchWork(),
            ExtractionWork.PdfText => new ExtractionWork(),
            ExtractionWork.Ocr => new ExtractionWork(),
            EmbedWork.Name => new EmbedWork(),
            VectorStoreWork.Name => new VectorStoreWork(),
            VectorSearchWork.Name => new VectorSearchWork(),
            _ => throw new ArgumentException($"Unknown work '{name}'."),
        };

        /// <summary>
        /// A fresh store of the measured store's kind: a file in the child's scratch folder, or, when the work measures
        /// a PostgreSQL store, a new database on the same server (so the warm-up runs the same store code).
        /// </summary>
        public static string ScratchStore(ChildRequest request, string name) =>
            PostgresServer.IsStore(request.StorePath)
                ? PostgresServer.FromEnvironment()!.CreateDatabase("scratch_" + name)
                : System.IO.Path.Combine(request.ScratchDirectory, $"{name}-{Guid.NewGuid():N}.db");
    }
}
