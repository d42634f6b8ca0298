// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.palisade.client.auth.LoginException;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.messaging.SafetyNumberChangedException;
import org.palisade.client.messaging.SendRefusedException;
import org.palisade.client.profile.Profile;
import org.palisade.client.profile.ProfileException;
import org.palisade.client.store.StoreException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on a profile: opens it, runs, closes it, and turns every failure into one line on
 * stderr and an exit code: 1 failed, 3 refused because a verified contact's safety number changed.
 */
abstract class ProfileCommand implements Callable<Integer> {

  static final int EXIT_SAFETY_NUMBER_CHANGED = 3;
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Spec CommandSpec spec;

  @Mixin ProfileOptions options;

  @Override
  public Integer call() throws Exception {
    try {
      return run();
    } catch (SafetyNumberChangedException e) {
      err().println("palisade: " + e.getMessage());
      err().flush();
      return EXIT_SAFETY_NUMBER_CHANGED;
    } catch (SendRefusedException e) {
      throw new CliFailure(e.getMessage(), e);
    } catch (GatewayException e) {
      throw new CliFailure("the gateway refused or could not be reached: " + e.getMessage(), e);
    } catch (LoginException e) {
      throw new CliFailure("login failed: " + e.getMessage(), e);
    } catch (ProfileException e) {
      throw new CliFailure(e.getMessage(), e);
    } catch (StoreException e) {
      throw new CliFailure(Profiles.storeProblem(e), e);
    }
  }

  /** Runs with the profile's options; returns the exit code. */
  abstract int run() throws Exception;

  /** Opens the profile, runs {@code work} with it and closes it. */
  int withProfile(ProfileWork work) throws Exception {
    try (Profile profile = options.open()) {
      return work.run(profile);
    }
  }

  @FunctionalInterface
  interface ProfileWork {
    int run(Profile profile) throws Exception;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints one value: as JSON with --json, else as {@code text}. */
  void print(Object value, String text) {
    if (options.json) {
      try {
        out().println(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new CliFailure("a result did not serialise", e);
      }
    } else {
      out().println(text);
    }
    out().flush();
  }
}
