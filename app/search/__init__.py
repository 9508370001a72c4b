"""Full-text search of the partnerships: one document per partnership (`models`), kept in step
with the records after every flush (`documents`), and read by the directory and the API through
`queries`."""
