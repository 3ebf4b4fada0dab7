"""Pure speech analysis: decode, voice activity, transcription, prosody, measures, scores and
feedback. Nothing here touches the web or the database, so it runs alone on a worker, in the CLI
and in the benchmarks."""
