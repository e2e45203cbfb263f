"""`make bench`: load tests of MotCua against a bare Django view (see driver.py). Not imported
by the application: nothing here is on the request path."""
