package dev.courier.testing.internal;

/** The fixed documents of {@code /json}, {@code /xml} and {@code /html}, shaped like httpbin's. */
final class SampleDocuments {
    private SampleDocuments() {}

    static final String JSON = """
            {
              "slideshow": {
                "author": "Yours Truly",
                "date": "date of publication",
                "slides": [
                  {
                    "title": "Wake up to WonderWidgets!",
                    "type": "all"
                  },
                  {
                    "items": [
                      "Why <em>WonderWidgets</em> are great",
                      "Who <em>buys</em> WonderWidgets"
                    ],
                    "title": "Overview",
                    "type": "all"
                  }
                ],
                "title": "Sample Slide Show"
              }
            }
            """;

    static final String XML = """
            <?xml version='1.0' encoding='us-ascii'?>

            <!--  A SAMPLE set of slides  -->

            <slideshow
                title="Sample Slide Show"
                date="Date of publication"
                author="Yours Truly"
                >

                <!-- TITLE SLIDE -->
                <slide type="all">
                  <title>Wake up to WonderWidgets!</title>
                </slide>

                <!-- OVERVIEW -->
                <slide type="all">
                    <title>Overview</title>
                    <item>Why <em>WonderWidgets</em> are great</item>
                    <item/>
                    <item>Who <em>buys</em> WonderWidgets</item>
                </slide>

            </slideshow>
            """;

    // Moby-Dick is in the public domain; a few sentences are enough for a client test.
    static final String HTML = """
            <!DOCTYPE html>
            <html>
              <head>
              </head>
              <body>
                  <h1>Herman Melville - Moby-Dick</h1>

                  <div>
                    <p>
                      Call me Ishmael. Some years ago - never mind how long precisely - having little or no money
                      in my purse, and nothing particular to interest me on shore, I thought I would sail about a
                      little and see the watery part of the world. It is a way I have of driving off the spleen and
                      regulating the circulation.
                    </p>
                  </div>
              </body>
            </html>
            """;
}
