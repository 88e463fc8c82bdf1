package io.github.djlgan.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The exit code and texts of one in-process run of the CLI. */
record CliResult(int code, String out, String err) {

    static CliResult run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GanCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliResult(code, out.toString(), err.toString());
    }
}
