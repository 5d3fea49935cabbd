package io.netmapper.kafkawatcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the broker's {@code kafka.authorizer.logger} at DEBUG (Allowed is logged at DEBUG, Denied
 * at INFO) to a file, with Kafka's own log4j layout {@code [%d] %p %m (%c)%n}, as a broker
 * configured per docs/kafka.md writes it. The test JVM logs through logback (the module's binding),
 * so the appender is a logback one.
 */
final class AuthorizerLogFile implements AutoCloseable {
  static final String LOGGER = "kafka.authorizer.logger";
  private final FileAppender<ILoggingEvent> appender = new FileAppender<>();
  private final Logger logger;

  AuthorizerLogFile(Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("[%d{\"yyyy-MM-dd HH:mm:ss,SSS\",UTC}] %level %msg \\(%logger\\)%n");
    encoder.start();
    appender.setContext(context);
    appender.setName("authorizer-file");
    appender.setFile(file.toString());
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.start();
    logger = context.getLogger(LOGGER);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
    logger.addAppender(appender);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
