using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("VidaPlus.Data.Tests.Infrastructure.EndOfRunFramework", "VidaPlus.Data.Tests")]

namespace VidaPlus.Data.Tests.Infrastructure;

/// <summary>
/// xunit's own framework with one step added: <see cref="TestServer"/>'s cleanups (the Testcontainers server, the
/// pooler and TLS server the tests started, the template databases) run after the last test and before the run is
/// reported finished. Not at process exit: once the results are in, the test platform kills the test host 100 ms
/// after asking it to stop (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), before stopping a server is done.
/// </summary>
public sealed class EndOfRunFramework(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        // async void is xunit's own signature for this step; the runner reports its failures through the sink.
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await base.BeforeTestAssemblyFinishedAsync();
            try
            {
                TestServer.RunCleanups();
            }
            catch (Exception cleanupFailure)
            {
                // Reported as the assembly's cleanup failure: a run that leaves a server behind is not green.
                Aggregator.Add(cleanupFailure);
            }
        }
    }
}
