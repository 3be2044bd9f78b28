// The fixtures marked [Parallelizable] drive separate processes (a browser, a JavaScript runtime) that spend much of
// their time starting up and waiting; three at once keep two cores busy without starving each other.
[assembly: LevelOfParallelism(3)]
