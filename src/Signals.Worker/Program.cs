using Signals.Runtime.Worker;

// Everything lives in Signals.Runtime (WorkerServer), where the host's side and the tests can see it.
return WorkerServer.Run(args);
