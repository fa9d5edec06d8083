namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// The error for a parameter kept in the public contract before the feature behind it exists:
    /// accepting it and doing nothing would promise what does not happen.
    /// </summary>
    public static class UnsupportedParameter
    {
        public const string ErrorId = "CarbonSpaces.ParameterNotSupported";

        /// <param name="parameter">The parameter's name, without the dash.</param>
        /// <param name="missing">What this version lacks for it to work.</param>
        /// <param name="instead">What to do instead.</param>
        public static CarbonSpacesException Error(string parameter, string missing, string instead) =>
            new CarbonSpacesException(
                ErrorId,
                FailureKind.NotSupported,
                $"-{parameter} is not supported in CarbonSpaces {Version}: {missing} {instead}",
                parameter);

        private static string Version => typeof(UnsupportedParameter).Assembly.GetName().Version?.ToString(3) ?? "this version";
    }
}
