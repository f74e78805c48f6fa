// Placeholder entry replaced by the bench suite.
process.stdout.write('bench: not yet implemented\n');
