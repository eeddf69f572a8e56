from extractor.launch import main

main()
