using System;
using System.Collections.Generic;
using System.Linq;
using HtmlAgilityPack;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// HTML as a reader sees it: the title first, then the visible text with a line per block
    /// element and table cells separated by " | ". Scripts, styles and comments are dropped and
    /// entities decoded.
    /// </summary>
    internal sealed class HtmlExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Html };

        private const int MaxNestingDepth = 512;

        private static readonly HashSet<string> HiddenElements = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "script", "style", "noscript", "template",
        };

        private static readonly HashSet<string> BlockElements = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
            "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
            "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
            "tr", "ul",
        };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            // The parser's cost grows with the square of the nesting depth and it recurses once per
            // level, so a page of endlessly nested tags could run for hours or overflow the stack.
            // Browsers stop nesting at 512 levels too; deeper pages fail as CorruptFile.
            var html = new HtmlDocument { OptionMaxNestedChildNodes = MaxNestingDepth };
            html.LoadHtml(TextFileReader.ReadAll(context));

            var text = new FlowTextBuilder();
            var title = WriteVisibleText(html.DocumentNode, text, context);

            var segments = new SegmentCollector(context);
            segments.Add(title == null ? text.ToString() : title + "\n" + text);
            return segments.ToDocument(title);
        }

        /// <summary>
        /// Walks the tree with an explicit stack, so the walk never depends on how deep the page
        /// nests. Returns the page title.
        /// </summary>
        private static string? WriteVisibleText(HtmlNode root, FlowTextBuilder text, ExtractionContext context)
        {
            string? title = null;
            var preformattedDepth = 0;
            var pending = new Stack<(HtmlNode Node, bool Leaving)>();
            pending.Push((root, false));
            while (pending.Count > 0)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var (node, leaving) = pending.Pop();
                if (leaving)
                {
                    LeaveElement(node.Name, text, ref preformattedDepth);
                    continue;
                }

                switch (node.NodeType)
                {
                    case HtmlNodeType.Text:
                        var decoded = HtmlEntity.DeEntitize(((HtmlTextNode)node).Text);
                        if (preformattedDepth > 0)
                        {
                            text.AppendPreformatted(decoded);
                        }
                        else
                        {
                            text.AppendFlowing(decoded);
                        }

                        break;
                    case HtmlNodeType.Element when HiddenElements.Contains(node.Name):
                        break;
                    case HtmlNodeType.Element when node.Name.Equals("title", StringComparison.OrdinalIgnoreCase):
                        title = title ?? TitleOf(node);
                        break;
                    case HtmlNodeType.Element when node.Name.Equals("br", StringComparison.OrdinalIgnoreCase):
                        text.BreakLine();
                        break;
                    case HtmlNodeType.Element:
                    case HtmlNodeType.Document:
                        EnterElement(node.Name, text, ref preformattedDepth);
                        pending.Push((node, true));
                        for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
                        {
                            pending.Push((node.ChildNodes[i], false));
                        }

                        break;
                }
            }

            return title;
        }

        private static void EnterElement(string name, FlowTextBuilder text, ref int preformattedDepth)
        {
            if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
            {
                text.Separate(" | ");
            }

            if (BlockElements.Contains(name))
            {
                text.EndBlock();
            }

            if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
            {
                preformattedDepth++;
            }
        }

        private static void LeaveElement(string name, FlowTextBuilder text, ref int preformattedDepth)
        {
            if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
            {
                preformattedDepth--;
            }

            if (BlockElements.Contains(name))
            {
                text.EndBlock();
            }
        }

        private static string? TitleOf(HtmlNode titleElement)
        {
            var title = new FlowTextBuilder();
            title.AppendFlowing(HtmlEntity.DeEntitize(string.Concat(titleElement.ChildNodes.OfType<HtmlTextNode>().Select(node => node.Text))));
            var text = title.ToString();
            return text.Length == 0 ? null : text;
        }
    }
}
