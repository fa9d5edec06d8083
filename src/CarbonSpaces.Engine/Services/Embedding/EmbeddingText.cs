using System.Text;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>
    /// What a model is given for a text: runs of whitespace (line breaks included) become one space, the
    /// edges none. Embedding models read layout as content: one newline instead of a space moves a vector
    /// to cosine 0.91 of the other, so the same words would not find each other across formats.
    /// </summary>
    internal static class EmbeddingText
    {
        public static string Normalize(string text)
        {
            var normalized = new StringBuilder(text.Length);
            bool pendingSpace = false;
            foreach (char c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = normalized.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    normalized.Append(' ');
                    pendingSpace = false;
                }

                normalized.Append(c);
            }

            return normalized.ToString();
        }
    }
}
