package org.datong.cli;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code datong serve}: runs one node until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a node: the TAXII 2.1 server, the REST API, health and metrics.",
                "Prints the URL it listens on; stops cleanly on SIGTERM or Ctrl-C.",
                "Exit 2 on a bad configuration or a port in use."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    NodeOptions node;

    @Option(names = "--host", paramLabel = "H", description = "Address to bind (default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default 9440; 0 picks a free one).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig config = node.load();
        if (host != null) {
            config = config.withHost(host);
        }
        if (port != null) {
            config = config.withPort(port);
        }
        Node running;
        try {
            running = Node.start(config, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof java.net.BindException b) {
                throw new UsageException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + b.getMessage());
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("datong: listening on " + running.uri() + " (TAXII discovery " + running.taxiiDiscovery() + ")");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "datong-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return Main.OK;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
