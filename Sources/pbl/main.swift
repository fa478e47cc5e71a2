import PBLCommands

// The executable is only this: every command lives in PBLCommands, so tests can parse and
// run them in process.
Main.main()
