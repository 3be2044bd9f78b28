using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ObjectQL.Generators.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
