#if !NET
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Tools
{
    /// <summary>
    /// Windows PowerShell's .NET has no ProcessStartInfo.ArgumentList: the arguments are joined into
    /// one command line that the C runtime's parser (which every tool here uses) splits back into
    /// exactly the same list. Written for this module from the documented parsing rules.
    /// </summary>
    internal static class WindowsCommandLine
    {
        public static string Join(IEnumerable<string> arguments) => string.Join(" ", arguments.Select(Quote));

        private static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                return argument;
            }

            var quoted = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var character in argument)
            {
                if (character == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes are literal unless they precede a quote: then each must be doubled, and the quote escaped.
                quoted.Append('\\', character == '"' ? (backslashes * 2) + 1 : backslashes);
                quoted.Append(character);
                backslashes = 0;
            }

            // The closing quote follows: the backslashes before it are doubled so it stays a quote.
            quoted.Append('\\', backslashes * 2);
            return quoted.Append('"').ToString();
        }
    }
}
#endif
