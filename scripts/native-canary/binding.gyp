{
	"targets": [{ "target_name": "canary", "sources": ["canary.c"] }]
}
