package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** A PrintStream's swallowed write errors become an IOException naming the output. */
class CheckedOutputTest {
    @Test
    void aFailingPrintStreamThrows() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        OutputStream out = CheckedOutput.of(new PrintStream(broken, false), "stdout");
        assertThatThrownBy(() -> out.write(new byte[] {1, 2, 3}))
                .isInstanceOf(IOException.class).hasMessageStartingWith("cannot write the output: stdout");
    }
}
