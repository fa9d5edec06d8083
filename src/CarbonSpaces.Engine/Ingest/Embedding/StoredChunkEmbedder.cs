using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Ingest.Embedding
{
    /// <summary>
    /// Invoke-CarbonResync -ForceEmbeddingGeneration: embeds the chunks a file already has with the store's
    /// current model, without asking the source for anything. For files synced with -SkipEmbeddingGeneration,
    /// and after Set-CarbonEmbeddingModel, when the files carry vectors of another model.
    /// </summary>
    internal sealed class StoredChunkEmbedder
    {
        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly EmbeddingModels _models;
        private readonly IVectorIndex _vectors;

        public StoredChunkEmbedder(IStore store, EventLog events, EmbeddingModels models, IVectorIndex vectors)
        {
            _store = store;
            _events = events;
            _models = models;
            _vectors = vectors;
        }

        public async Task EmbedAsync(IReadOnlyList<SyncedFile> files, ResyncRequest request, Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            if (_models.Current is not EmbeddingModel model)
            {
                throw new CarbonSpacesException("CarbonSpaces.NoEmbeddingModel", FailureKind.NotSupported, _models.Unavailable ?? "No embedding model is available.", _models.CurrentName);
            }

            for (int i = 0; i < files.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var file = files[i];
                reporter.Progress(new OperationProgress("Embedding stored chunks", $"{i} of {files.Count} files", 100 * i / Math.Max(1, files.Count), file.Subject));
                if (file.SyncStatus != FileStatus.Ready)
                {
                    reporter.Error(new CarbonSpacesException(
                        "CarbonSpaces.FileNotReady",
                        FailureKind.InvalidData,
                        $"{file.Subject} is {file.SyncStatus}, so it has no chunks to embed. Resync it with Invoke-CarbonResync -Force.",
                        file.Id));
                    continue;
                }

                var texts = _store.Chunks.ForFile(file.Id).Select(c => c.Content).ToList();
                float[][] vectors;
                try
                {
                    vectors = await model.EmbedDocumentsAsync(texts, cancellation).ConfigureAwait(false);
                }
                catch (CarbonSpacesException ex)
                {
                    // The file keeps the vectors it had: a failed embedding never loses what was indexed.
                    reporter.Error(new CarbonSpacesException(ex.ErrorId, ex.Kind, $"{file.Subject}: {ex.Message}", file.Id, ex));
                    continue;
                }

                using (var transaction = _store.BeginWrite())
                {
                    _vectors.ReplaceFile(transaction, file.Id, model.Name, vectors);
                    _store.Files.RecordEmbeddings(transaction, file.Id, vectors.Length, model.Name, request.Apply(file.Options));
                    _events.Append(transaction, EventTypes.FileReady, file.DataSourceId, file.Id, $"{file.Subject}: {vectors.Length} chunk(s) embedded again with {model.Name}.");
                    transaction.Commit();
                }

                if (_store.Files.Find(file.Id) is SyncedFile updated)
                {
                    onFinished(updated);
                }
            }

            reporter.Progress(new OperationProgress("Embedding stored chunks", "Done", 100, completed: true));
        }
    }
}
