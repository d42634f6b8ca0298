// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.admin.home;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HomeResourceTest {

  @Test
  void landingPageIsHtmlWithTheTitleAndAHealthLink() {
    given()
        .accept("text/html")
        .when()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(startsWith("text/html"))
        .body(containsString("<title>Palisade admin console</title>"))
        .body(containsString("<html lang=\"en\">"))
        .body(containsString("<h1>Palisade admin console</h1>"))
        .body(containsString("company SSO"))
        .body(containsString("href=\"/q/health\""));
  }

  @Test
  void landingPageDoesNotShowTheTemplateLicenceComment() {
    given().when().get("/").then().statusCode(200).body(not(containsString("SPDX")));
  }

  @Test
  void isReady() {
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void unknownPathIsNotFound() {
    given().when().get("/no-such-page").then().statusCode(404);
  }
}
