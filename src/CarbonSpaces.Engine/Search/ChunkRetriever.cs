using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Search-CarbonChunk: finds chunks by their words (Keyword), by their meaning (Vector: the query's vector
    /// against the chunks' vectors of the store's current model) or by both (Hybrid: the two rankings fused).
    /// Every filter applies in every mode. With no mode asked for, Hybrid when the store holds vectors of the
    /// current model, Keyword otherwise.
    /// </summary>
    public sealed class ChunkRetriever
    {
        /// <summary>
        /// How deep the vector ranking is read for fusion, at the least: a chunk second in one ranking and fortieth
        /// in the other still counts. Reading deeper costs the vector side almost nothing (every vector is scored
        /// anyway); the keyword side is read to twice -Top, as BM25's any-word fallback costs more the more it
        /// must return.
        /// </summary>
        private const int MinimumVectorFusionDepth = 50;

        private readonly ChunkSearch _keyword;
        private readonly EmbeddingModels _models;
        private readonly IVectorIndex _vectors;
        private readonly IKeywordIndex _hits;
        private readonly RerankService _rerank;

        internal ChunkRetriever(IStore store, ChunkSearch keyword, EmbeddingModels models, RerankService rerank)
        {
            _rerank = rerank;
            _keyword = keyword;
            _models = models;
            _vectors = store.Vectors;
            _hits = store.Keywords;
        }

        /// <summary>How many of the best results the rerank service reads at most: it scores each one against the query.</summary>
        private const int MaximumRerankCandidates = 100;

        public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken cancellation)
        {
            if (!query.Rerank)
            {
                return await RetrieveAsync(query, cancellation).ConfigureAwait(false);
            }

            // The service sees several times -Top candidates, so it can lift a chunk the first ranking placed lower.
            var candidates = await RetrieveAsync(Deeper(query, System.Math.Min(MaximumRerankCandidates, System.Math.Max(query.Top * 4, 20)), query.Mode), cancellation).ConfigureAwait(false);
            var order = await _rerank.RerankAsync(query.Text, candidates.Select(c => c.Content).ToList(), cancellation).ConfigureAwait(false);
            var hits = order.Take(query.Top).Select(r =>
            {
                var hit = Scored(candidates[r.Index], r.Score);
                hit.Reranked = true;
                return hit;
            }).ToList();
            for (int i = 0; i < hits.Count; i++)
            {
                hits[i].Rank = i + 1;
            }

            return hits;
        }

        private async Task<IReadOnlyList<SearchHit>> RetrieveAsync(SearchQuery query, CancellationToken cancellation)
        {
            if (query.Top < 1)
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidTop", FailureKind.InvalidArgument, $"-Top must be at least 1; {query.Top} was given.", query.Top);
            }

            if (query.SemanticWeight < 0 || query.SemanticWeight > 1)
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidSemanticWeight", FailureKind.InvalidArgument, $"-SemanticWeight must be between 0 and 1; {query.SemanticWeight} was given.", query.SemanticWeight);
            }

            var mode = query.Mode ?? DefaultMode();
            if (mode == SearchMode.Keyword)
            {
                return Numbered(_keyword.Search(query), SearchMode.Keyword);
            }

            var model = RequireVectors(mode);
            if (model == null)
            {
                return new List<SearchHit>();
            }

            var queryVector = await model.EmbedQueryAsync(query.Text, cancellation).ConfigureAwait(false);
            var filter = new ChunkFilter { Tags = query.Tags, FileIds = query.FileIds, DataSourceIds = query.DataSourceIds };
            if (mode == SearchMode.Vector)
            {
                var matches = _vectors.Nearest(queryVector, model.Name, query.Top, filter, cancellation);
                var found = _hits.Read(matches.Select(m => m.ChunkId));
                return Numbered(
                    matches.Where(m => found.ContainsKey(m.ChunkId)).Select(m => Scored(found[m.ChunkId], m.Score)).ToList(),
                    SearchMode.Vector);
            }

            var keywordHits = _keyword.Search(Deeper(query, query.Top * 2, SearchMode.Keyword));
            var vectorMatches = _vectors.Nearest(queryVector, model.Name, System.Math.Max(query.Top * 2, MinimumVectorFusionDepth), filter, cancellation);
            var fused = RankFusion.Fuse(keywordHits.Select(h => h.ChunkId).ToList(), vectorMatches.Select(m => m.ChunkId).ToList(), query.SemanticWeight)
                .Take(query.Top)
                .ToList();

            var known = keywordHits.ToDictionary(h => h.ChunkId);
            var read = _hits.Read(fused.Select(f => f.ChunkId).Where(id => !known.ContainsKey(id)));
            var hits = new List<SearchHit>();
            foreach (var (chunkId, score) in fused)
            {
                if (known.TryGetValue(chunkId, out var hit) || read.TryGetValue(chunkId, out hit))
                {
                    hits.Add(Scored(hit, score));
                }
            }

            return Numbered(hits, SearchMode.Hybrid);
        }

        private SearchMode DefaultMode() =>
            _models.Unavailable == null && _vectors.Holds(_models.CurrentName) ? SearchMode.Hybrid : SearchMode.Keyword;

        /// <summary>The model to embed the query with; null when the store holds no chunk at all (nothing to find, nothing wrong).</summary>
        private EmbeddingModel? RequireVectors(SearchMode mode)
        {
            if (_models.Current is not EmbeddingModel model)
            {
                throw new CarbonSpacesException("CarbonSpaces.NoEmbeddingModel", FailureKind.NotSupported, $"-Mode {mode} cannot embed the query here. {_models.Unavailable} Use -Mode Keyword.", mode);
            }

            if (!_vectors.Holds(model.Name))
            {
                if (!_vectors.HoldsChunks())
                {
                    return null;
                }

                throw new CarbonSpacesException(
                    "CarbonSpaces.NoEmbeddings",
                    FailureKind.ResourceUnavailable,
                    $"-Mode {mode} needs chunk vectors of the current embedding model ({model.Name}), and no chunk in this store has one: its files were synced with -SkipEmbeddingGeneration, " +
                    "without an embedding model, or with another model (Get-CarbonFile shows each file's EmbeddingModel). " +
                    "Run Get-CarbonFile | Invoke-CarbonResync -ForceEmbeddingGeneration to embed them, or use -Mode Keyword.",
                    mode);
            }

            return model;
        }

        private static SearchQuery Deeper(SearchQuery query, int top, SearchMode? mode) => new SearchQuery
        {
            Text = query.Text,
            Top = top,
            Mode = mode,
            SemanticWeight = query.SemanticWeight,
            Tags = query.Tags,
            FileIds = query.FileIds,
            DataSourceIds = query.DataSourceIds,
        };

        private static SearchHit Scored(SearchHit hit, double score)
        {
            hit.Score = score;
            return hit;
        }

        private static IReadOnlyList<SearchHit> Numbered(IReadOnlyList<SearchHit> hits, SearchMode mode)
        {
            for (int i = 0; i < hits.Count; i++)
            {
                hits[i].Rank = i + 1;
                hits[i].Mode = mode;
            }

            return hits;
        }
    }
}
