// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.admin.home;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The console's landing page. */
@Path("/")
public class HomeResource {

  /** Type-safe templates under {@code templates/HomeResource/}, checked when the application is built. */
  @CheckedTemplate
  static class Templates {
    static native TemplateInstance home();
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance home() {
    return Templates.home();
  }
}
