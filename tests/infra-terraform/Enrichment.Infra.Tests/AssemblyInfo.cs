// Fixtures run side by side: the apply mostly waits on moto (SQS queues take ~25 s each) while plans use the CPU.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(3)]
