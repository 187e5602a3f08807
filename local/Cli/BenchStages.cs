namespace Enrichment.Local.Host.Cli;

/// <summary>Where a pipeline run's wall time went, stage by stage.</summary>
public sealed record BenchStages(double UploadSeconds, double SplitSeconds, double ProcessSeconds, double DownloadSeconds);
