using System.Runtime.CompilerServices;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// In a PowerShell session the engine is SQLite's first user and configures it. Some tests open
    /// a store with their own connection; whichever test runs first, the engine configures SQLite
    /// before any of them, as it would in a session.
    /// </summary>
    internal static class SqliteFirstUse
    {
        [ModuleInitializer]
        internal static void ConfigureBeforeAnyTest() => SqliteLibrary.Initialize();
    }
}
