using System;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Turns a span of the document text into what is stored: trims its blank edges, puts the file name in
    /// front when asked, and counts the tokens of exactly that content.
    /// </summary>
    internal sealed class ChunkComposer
    {
        private readonly ITokenizer _tokenizer;
        private readonly string _prefix;

        public ChunkComposer(ITokenizer tokenizer, int maxTokens, string? fileName)
        {
            _tokenizer = tokenizer;
            _prefix = string.IsNullOrEmpty(fileName) ? string.Empty : fileName + "\n";
            MaxTokens = maxTokens;

            // A file name as long as the chunk size still leaves one token of text, so every chunk carries some.
            ContentBudget = Math.Max(1, maxTokens - tokenizer.CountTokens(_prefix));
        }

        /// <summary>The most tokens a stored chunk may hold, prefix included.</summary>
        public int MaxTokens { get; }

        /// <summary>The tokens left for document text once the prefix is paid for.</summary>
        public int ContentBudget { get; }

        /// <summary>Composes the chunk for text[start, end); the span must contain a non-whitespace character.</summary>
        public DraftChunk Compose(string text, int start, int end)
        {
            while (char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            string content = _prefix + text.Substring(start, end - start);
            return new DraftChunk(start, end, content, _tokenizer.CountTokens(content));
        }

        /// <summary>
        /// Composes the chunk for text[start, end) when the caller has just tokenized exactly that span as a
        /// whole and counted <paramref name="spanTokens"/>. With no edge to trim and no prefix, the content is
        /// that span, so its count is taken instead of tokenizing the content again (a small file's only chunk).
        /// </summary>
        public DraftChunk ComposeCounted(string text, int start, int end, int spanTokens)
        {
            if (_prefix.Length > 0 || char.IsWhiteSpace(text[start]) || char.IsWhiteSpace(text[end - 1]))
            {
                return Compose(text, start, end);
            }

            return new DraftChunk(start, end, text.Substring(start, end - start), spanTokens);
        }
    }
}
