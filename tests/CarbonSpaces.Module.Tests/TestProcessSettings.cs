using System;
using System.Runtime.CompilerServices;

namespace CarbonSpaces.Module.Tests
{
    internal static class TestProcessSettings
    {
        // Before anything else in the process: the AWS SDK must never probe EC2 instance metadata.
        [ModuleInitializer]
        internal static void Apply()
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        }
    }
}
