words = ["pear", "Apple", "apple", "banana", "Banana", "cherry", "äpfel", "Zebra"]
print(sorted(words))
print(sorted(words, key=lambda w: (w.lower(), w)))
print(min(words), max(words), "a" < "B", "apple" < "apples", "" < "a")
print(sorted(["10", "9", "100", "1"]), sorted(["10", "9", "100", "1"], key=int))
